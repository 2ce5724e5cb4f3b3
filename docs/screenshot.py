"""Screenshots of pages in real headless Chromium: `python docs/screenshot.py URL OUT.png [WIDTH]`.

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


def main(url: str, out: str, width: int = 1280, full_page: bool = True) -> None:
    os.environ.setdefault("HOME", tempfile.mkdtemp())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=out, full_page=full_page)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1280)
