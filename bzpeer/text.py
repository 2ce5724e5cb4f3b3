"""Text rules every app shares: one of each.

- ``tex_to_unicode``: TeX accent and special-letter commands → Unicode (arXiv names).
- ``fold``: accents and case folded, for comparisons ("Sóng" = "song", "Møller" = "moller").
- ``name_key``: the matching key of an author name (imports and identity matching).
- ``slugify`` / ``unique_slug`` / ``slugs_taken``: URL slugs, unique within a model.

``name_key`` is for matching only, never for display: "C.-P. Yuan", "C. P. Yuan", "c p yuan"
and "C.P. Yuan" share the key "c p yuan"; "Balázs", "Bal\\'azs" and "BALAZS" share "balazs".
It does not reorder ("Yuan, C.-P." keys as "yuan c p") or expand initials: that is the
matcher's business.

TeX accents (``tex_to_unicode``):
arXiv metadata prints author names as their submitters typed them, often in TeX:
``Bal\\'azs``, ``G{\\"o}del``, ``Fran\\c{c}ois``, ``Ho\\v{s}ek``, ``M\\o ller``. This module
turns the accent and special-letter commands into the characters they stand for and leaves
every other piece of TeX (math, ``\\&``, unknown commands) exactly as it was.

Accepted spellings of an accent (``\\'`` stands for any accent command):
``\\'a``, ``\\' a``, ``\\'{a}``, ``{\\'a}``, ``{\\'{a}}``, and for accents on a dotless i,
``\\'\\i``, ``\\'{\\i}`` (→ "í"). Letter-named accents (``\\v``, ``\\c``, ``\\u``, …) need a
brace group or a space, as in TeX: ``\\v{s}``, ``\\v s``; ``\\vs`` is another command and stays.
Special letters: ``\\ss``, ``\\o``, ``\\O``, ``\\l``, ``\\L``, ``\\ae``, ``\\AE``, ``\\oe``,
``\\OE``, ``\\aa``, ``\\AA``, ``\\i``, ``\\j``, optionally followed by ``{}`` or one space (which
TeX swallows: ``M\\o ller`` → "Møller") and optionally wrapped in braces (``{\\o}``).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterable

from django.utils.text import slugify as _django_slugify

# --- TeX ------------------------------------------------------------------------------------

# Accent command → combining character.
SYMBOL_ACCENTS = {
    "'": "\u0301",  # acute
    "`": "\u0300",  # grave
    "^": "\u0302",  # circumflex
    '"': "\u0308",  # diaeresis / umlaut
    "~": "\u0303",  # tilde
    "=": "\u0304",  # macron
    ".": "\u0307",  # dot above
}
LETTER_ACCENTS = {
    "u": "\u0306",  # breve
    "v": "\u030c",  # caron (háček)
    "H": "\u030b",  # double acute (Hungarian umlaut)
    "c": "\u0327",  # cedilla
    "k": "\u0328",  # ogonek
    "r": "\u030a",  # ring above
}
SPECIALS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}

# The accented base: a letter, or a dotless i/j command, which takes its dot back under an
# accent and, like any control word, swallows one following space ("Mart\'\i nez").
_BASE = r"(?:\\[ij](?![A-Za-z]) ?|[A-Za-z])"
_SYMBOL_ACCENT_RE = re.compile(
    r"(?P<open>\{)?"
    r"\\(?P<cmd>['`^\"~=.])"
    r"(?:\s*\{\s*(?P<braced>" + _BASE + r")\s*\}|\s*(?P<bare>" + _BASE + r"))"
    r"(?(open)\})"
)
_LETTER_ACCENT_RE = re.compile(
    r"(?P<open>\{)?"
    r"\\(?P<cmd>[uvHckr])(?![A-Za-z])"
    r"(?:\s*\{\s*(?P<braced>" + _BASE + r")\s*\}|\s+(?P<bare>" + _BASE + r"))"
    r"(?(open)\})"
)
_SPECIAL_RE = re.compile(
    r"(?P<open>\{)?"
    r"\\(?P<cmd>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])"
    r"(?(open)(?:\{\})?\s*\}|(?:\{\}| )?)"
)


def _accent(match: re.Match[str], table: dict[str, str]) -> str:
    base = match.group("braced") or match.group("bare")
    if base.startswith("\\"):  # \i, \j: the accent replaces the dot
        base = base[1]
    return unicodedata.normalize("NFC", base + table[match.group("cmd")])


def tex_to_unicode(s: str) -> str:
    """Replace TeX accent and special-letter commands with Unicode; leave other TeX alone."""
    if "\\" not in s:
        return s
    s = _SYMBOL_ACCENT_RE.sub(lambda m: _accent(m, SYMBOL_ACCENTS), s)
    s = _LETTER_ACCENT_RE.sub(lambda m: _accent(m, LETTER_ACCENTS), s)
    return _SPECIAL_RE.sub(lambda m: SPECIALS[m.group("cmd")], s)


# --- folding and name keys ------------------------------------------------------------------

# Letters that NFKD does not split into base + mark.
_FOLD = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th",
     "Þ": "th", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ȷ": "j"}
)  # fmt: skip
# Dots, commas, apostrophes, hyphens and dashes of every kind separate words
# ("C.-P." = "C. P." = "C P", "O'Brien" = "O Brien"), the same for every source.
_SEPARATORS = re.compile(r"[\s.,;'’‘`´ʼ\-‐‑‒–—―−_~{}\\]+")


def fold(text: str) -> str:
    """Accents and case folded ("Sóng" → "song", "Møller" → "moller", "Straße" → "strasse")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD).casefold()
    )


def name_key(name: str) -> str:
    """Matching key: TeX accents resolved, accents folded, case folded, punctuation → spaces."""
    return " ".join(_SEPARATORS.split(fold(tex_to_unicode(name)))).strip()


# Words that belong to the surname that follows them ("Adrian Del Maestro", "Ludwig van der Waals").
SURNAME_PARTICLES = frozenset(
    {"da", "das", "de", "del", "della", "der", "di", "dos", "du", "la", "le", "ten", "ter", "van",
     "von", "zu"}
)  # fmt: skip


def name_variants(key: str) -> list[str]:
    """The ways one name key is also written, for blocking (never for display): the key and its
    given names joined ("zhi gang wang" → "zhigang wang": Chinese given names are printed with
    and without a hyphen). Particles stay with the surname ("adrian del maestro"). Initials
    variants ("z g wang") were measured and left out: on the labelled dev set they merged
    different people faster than they joined one (B³ F1 0.913 without, 0.878 with; as weak keys
    that need co-author or affiliation evidence, 0.914 with precision down to 0.897)."""
    tokens = key.split()
    if len(tokens) < 2:
        return [key] if key else []
    cut = next(
        (i for i, t in enumerate(tokens[:-1]) if i and t in SURNAME_PARTICLES), len(tokens) - 1
    )
    given, surname = tokens[:cut], " ".join(tokens[cut:])
    variants = [key]
    if len(given) > 1 and all(len(t) > 1 for t in given):
        variants.append(f"{''.join(given)} {surname}")
    return list(dict.fromkeys(variants))


# Names that are not one person: never a matching key (ingest.matching, researcher name keys).
PLACEHOLDER_NAMES = frozenset(
    {"deleted author", "anonymous", "anon", "unknown", "unknown author", "et al", "others",
     "n a", "no name", "none"}
)  # fmt: skip
ORGANISATION_WORDS = frozenset(
    {"collaboration", "collaborations", "consortium", "collaborators", "committee", "university",
     "institute", "institut", "society", "association", "organization", "organisation",
     "council", "observatory", "initiative"}
)  # fmt: skip
# Also surnames ("R.C. Group", Robert Craig Group, is a physicist): an organisation only as
# "The … Group", "… Working Group", or a two-word name without initials ("Greenhouse Lab").
WEAK_ORGANISATION_WORDS = frozenset(
    {"group", "team", "lab", "laboratory", "project", "centre", "center", "network"}
)
NOT_A_PLACEHOLDER, NOT_ORGANISATION, NOT_SEVERAL = "placeholder", "organisation", "several people"


def not_a_person(name: str) -> str:
    """Why `name` is not the name of one person ("" when it may be): a source's placeholder
    ("Deleted Author"), a collaboration or organisation ("The BABAR Collaboration", "Greenhouse
    Lab"), or two people in one string ("Nora B. Whyte and Susan M. Duncan")."""
    key = name_key(name)
    tokens = key.split()
    if not tokens or key in PLACEHOLDER_NAMES:
        return NOT_A_PLACEHOLDER
    if ORGANISATION_WORDS & set(tokens):
        return NOT_ORGANISATION
    if WEAK_ORGANISATION_WORDS & set(tokens) and (
        tokens[0] == "the"
        or "working" in tokens
        or (len(tokens) == 2 and tokens[-1] in WEAK_ORGANISATION_WORDS and len(tokens[0]) > 1)
    ):
        return NOT_ORGANISATION
    if "&" in name or ";" in name or ("and" in tokens[1:-1] and len(tokens) >= 5):
        return NOT_SEVERAL
    return ""


# --- slugs ----------------------------------------------------------------------------------

SLUG_MAX = 150
SLUG_NUMBERS = 10  # "wei-wang", "wei-wang-2" … "wei-wang-11", then a random suffix


def slugify(text: str, *, fallback: str = "item") -> str:
    """An ASCII slug of `text` (TeX and accents folded first), or `fallback` if nothing is left."""
    return _django_slugify(fold(tex_to_unicode(text)))[:SLUG_MAX].strip("-") or fallback


def _slug_candidates(base: str) -> Iterable[str]:
    yield base
    for n in range(2, SLUG_NUMBERS + 2):
        yield f"{base}-{n}"
    while True:
        yield f"{base}-{secrets.token_hex(4)}"


def unique_slug(text: str, *, taken: set[str], fallback: str = "item") -> str:
    """The first free slug for `text` ("name", "name-2" … "name-11", then random); adds it to
    `taken`, so one set serves a whole batch of new rows."""
    slug = next(s for s in _slug_candidates(slugify(text, fallback=fallback)) if s not in taken)
    taken.add(slug)
    return slug


def slugs_taken(model, texts: Iterable[str], *, fallback: str = "item") -> set[str]:
    """The slugs `unique_slug` may try for these texts that `model` already has: at most two
    index lookups, whatever the number of texts."""
    bases = [slugify(t, fallback=fallback) for t in texts]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    repeated = {b for b, n in Counter(bases).items() if n > 1 or b in taken}
    numbered = [f"{b}-{n}" for b in repeated for n in range(2, SLUG_NUMBERS + 2)]
    if numbered:
        taken |= set(model.objects.filter(slug__in=numbered).values_list("slug", flat=True))
    return taken
