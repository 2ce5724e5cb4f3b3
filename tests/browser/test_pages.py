"""The pages in real headless Chromium: htmx partials load, nothing overflows a phone screen."""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/researchers/",
    "/researchers/guanglu-song/",
    "/researchers/guanglu-song/trust/",
    "/trust/",
    "/topics/cs-cv/",
]


def test_researcher_page_loads_its_partials_and_more_works(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/researchers/guanglu-song/")
    # The trust snapshot and the graph slice arrive by htmx after the page.
    page.get_by_text("Why this score").first.wait_for()
    page.locator(".graph-slice").get_by_text("Zhuofan Zong").wait_for()
    assert page.get_by_text("Building this graph slice").count() == 0
    assert page.locator("article.work").count() == 20
    page.get_by_role("link", name="Load more").click()
    page.wait_for_function("document.querySelectorAll('article.work').length === 40")
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_fit_the_screen_without_horizontal_scrolling(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in PAGES:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
    page.close()
