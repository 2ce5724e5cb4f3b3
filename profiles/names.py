"""Name keys: how author names are compared when a source gives no author id."""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[.\-‐‑‒–—'’`]+")


def name_key(name: str) -> str:
    """'C.-P. Yuan', 'C. P. Yuan' and 'c p  yuan' -> 'c p yuan'; 'Balázs' -> 'balazs'.

    Accents folded, case folded, dots/hyphens/apostrophes as spaces, whitespace collapsed.
    Deliberately no reordering ("Yuan, C.-P.") or initial expansion: sources give names in
    display order, and a looser key would merge different people.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())
