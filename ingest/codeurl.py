"""The code repository a work points to: the first GitHub or GitLab URL its text names."""

import re

MAX_CODE_URL = 500  # Work.code_url

_CODE_URL = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com)"
    r"(?P<path>/[A-Za-z0-9_.\-]+(?:/[^\s<>\"'{}\\|^`\[\]]*)?)",
    re.IGNORECASE,
)


def code_url_in(*texts: str) -> str:
    """The first github.com / gitlab.com repository URL in the texts, as https://…, or ""."""
    for text in texts:
        for match in _CODE_URL.finditer(text):
            path = match["path"].rstrip(".,;:!?)]}'\"")
            if not path.strip("/"):
                continue
            url = f"https://{match['host'].lower()}{path}"
            if len(url) <= MAX_CODE_URL:
                return url
    return ""
