"""ORCID iDs: normalising what people type, and the ISO 7064 11,2 check digit."""

import re

ORCID_RE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:sandbox\.)?orcid\.org/", re.IGNORECASE)


def orcid_check_digit(base_digits: str) -> str:
    """The check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_normalise(value: str) -> str | None:
    """'https://orcid.org/0000-0002-1825-0097' or '000000021825009 7' -> '0000-0002-1825-0097'.

    None when the value is not an ORCID iD or its check digit is wrong.
    """
    compact = URL_PREFIX.sub("", value.strip()).replace(" ", "").upper()
    match = ORCID_RE.match(compact)
    if not match:
        return None
    digits = "".join(match.groups())
    if orcid_check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(match.groups())
