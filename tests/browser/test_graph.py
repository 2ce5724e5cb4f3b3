"""The research graph in real headless Chromium: the slice on the profile and the explorer."""

import re

import pytest

pytestmark = pytest.mark.browser

NODES = "window.bzpeerExplorer ? window.bzpeerExplorer.cy.nodes().length : 0"


def test_profile_slice_draws_the_ego_network(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/researchers/guanglu-song/")
    page.locator("svg.ego-graph").wait_for()
    assert page.locator("svg.ego-graph circle").count() == 25
    assert page.locator("#graph-slice .collaborators").get_by_text("Zhuofan Zong").count() == 1
    assert page.get_by_text("Building this graph slice").count() == 0
    page.screenshot(path="/tmp/graph-slice-guanglu-song.png", full_page=True)
    page.close()


def test_profile_shows_retry_when_the_slice_request_fails(site, browser):
    page = browser.new_page()
    page.route("**/graph/slice/", lambda route: route.fulfill(status=500, body="boom"))
    page.goto(site + "/researchers/guanglu-song/")
    page.get_by_text("Could not build the graph slice.").wait_for()
    page.unroute("**/graph/slice/")
    page.get_by_role("button", name="Retry").click()
    page.locator("svg.ego-graph").wait_for()
    assert page.get_by_text("Could not build the graph slice.").count() == 0
    page.close()


def test_explorer_draws_nodes_and_recentres_on_a_click(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/researchers/guanglu-song/graph/")
    page.wait_for_function(f"({NODES}) > 10")
    assert page.locator("#explorer-canvas canvas").count() > 0
    assert page.locator("#explorer-lists").get_by_text("Yu Liu").count() >= 1
    page.screenshot(path="/tmp/graph-explorer-guanglu-song.png")

    # Tap Yu Liu's node: the details, the heading, the URL and the lists follow him.
    page.evaluate(
        """() => {
          const cy = window.bzpeerExplorer.cy;
          cy.nodes().filter(n => n.data('label') === 'Yu Liu').emit('tap');
        }"""
    )
    page.wait_for_url(re.compile(r"/researchers/yu-liu/graph/"))
    page.locator("#explorer-heading").get_by_text("Yu Liu").wait_for()
    page.locator("#explorer-lists-heading").get_by_text("Neighbourhood of Yu Liu").wait_for()
    centre = page.evaluate("window.bzpeerExplorer.state().center")
    label = page.evaluate(f"window.bzpeerExplorer.cy.getElementById({centre!r}).data('label')")
    assert label == "Yu Liu"
    assert page.locator("#explorer-details").get_by_text("Yu Liu").count() >= 1
    page.close()


def test_explorer_filters_redraw_in_place(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/researchers/guanglu-song/graph/")
    page.wait_for_function(f"({NODES}) > 10")
    before = page.evaluate(NODES)
    page.locator("input[name=kinds][value=work]").uncheck()
    page.wait_for_function(f"({NODES}) < {before}")
    kinds = page.evaluate("[...new Set(window.bzpeerExplorer.cy.nodes().map(n => n.data('kind')))]")
    assert "work" not in kinds
    assert "kinds=" in page.url and "work" not in page.url.split("kinds=", 1)[1]
    page.close()


def test_explorer_without_javascript_shows_lists(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/researchers/guanglu-song/graph/?depth=2")
    assert page.locator("#explorer-canvas").is_hidden()
    assert page.locator("#explorer-lists li").count() > 10
    context.close()
