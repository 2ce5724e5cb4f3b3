"""Screenshots in real headless Chromium: `python docs/screenshot.py URL OUT.png [WIDTH [HEIGHT]]`.

Used for the README image and for looking at pages while working; needs Debian's chromium.
"""

import os
import sys
import tempfile

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(url: str, out: str, width: int = 1280, height: int | None = None) -> None:
    """The whole page, or only the first `height` pixels of it."""
    os.environ.setdefault("HOME", tempfile.mkdtemp())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height or 900})
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=out, full_page=height is None)
        browser.close()


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[3:5]]
    main(sys.argv[1], sys.argv[2], *sizes)
