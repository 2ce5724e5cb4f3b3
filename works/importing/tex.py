"""TeX accent commands in names → Unicode.

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
import unicodedata

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
