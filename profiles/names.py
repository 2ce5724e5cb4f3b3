"""A comparison key for author names, so spellings of one name meet (imports and matching).

``name_key`` is for matching only, never for display: "C.-P. Yuan", "C. P. Yuan", "c p yuan"
and "C.P. Yuan" share the key "c p yuan"; "Balázs", "Bal\\'azs" and "BALAZS" share "balazs".
It does not reorder ("Yuan, C.-P." keys as "yuan c p") or expand initials: that is the
matcher's business.
"""

from __future__ import annotations

import re
import unicodedata

from works.importing.tex import tex_to_unicode

# Letters that NFKD does not split into base + mark.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ȷ": "j",
    }
)
# Dots, commas, apostrophes, hyphens and dashes of every kind separate words
# ("C.-P." = "C. P." = "C P", "O'Brien" = "O Brien"), the same for every source.
_SEPARATORS = re.compile(r"[\s.,;'’‘`´ʼ\-‐‑‒–—―−_~{}\\]+")


def name_key(name: str) -> str:
    """Matching key: TeX accents resolved, accents folded, case folded, punctuation → spaces."""
    s = tex_to_unicode(name)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_FOLD).casefold()
    return " ".join(_SEPARATORS.split(s)).strip()
