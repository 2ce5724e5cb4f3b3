"""In real Chromium: follow a researcher, claim the record, approve it in admin, invite."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "browser-Test-pass-1"


def log_in(browser, site: str, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_follow_claim_approve_and_invite(site, browser):
    users = get_user_model().objects
    users.create_user("bob", "bob@example.org", PASSWORD)
    users.create_user("qitian", "qi@ustc.edu.cn", PASSWORD)
    users.create_superuser("curator", "curator@example.org", PASSWORD)

    # Bob follows Qi Tian with htmx: the button turns into "Following" with the new count.
    bob = log_in(browser, site, "bob")
    bob.goto(f"{site}/researchers/qi-tian/")
    bob.get_by_role("button", name=re.compile("Follow researcher")).click()
    following = bob.get_by_role("button", name=re.compile("Following"))
    expect(following).to_contain_text("1")
    assert "/follow/" not in bob.url  # swapped in place, no page load

    # Qi Tian claims the record with a link as evidence.
    qi = log_in(browser, site, "qitian")
    qi.goto(f"{site}/researchers/qi-tian/")
    qi.get_by_role("link", name="Claim this record").click()
    qi.fill("textarea[name=links]", "https://example.edu/people/qi-tian")
    qi.get_by_role("button", name="File my claim").click()
    expect(qi.locator("h1")).to_have_text("Qi Tian")
    expect(qi.get_by_text("Pending review").first).to_be_visible()

    # A curator approves it in Django admin, with a note.
    curator = log_in(browser, site, "curator")
    curator.goto(f"{site}/admin/claims/claim/")
    curator.locator("input[name=_selected_action]").first.check()
    curator.select_option("select[name=action]", "approve")
    curator.get_by_role("button", name="Go").click()
    curator.fill("textarea[name=note]", "Lab page lists him.")
    curator.get_by_role("button", name="Apply").click()
    expect(curator.get_by_text("Approved: 1 claim(s).")).to_be_visible()

    qi.goto(f"{site}/researchers/qi-tian/")
    expect(qi.get_by_text("This is your record.")).to_be_visible()
    # L2 35 + works 6 + one follower 3 = 44.
    expect(qi.locator(".trust-score").first).to_have_text("Trust 44 - Established")

    # Bob can now invite the owner; the owner sees it in the inbox.
    bob.goto(f"{site}/researchers/qi-tian/")
    bob.get_by_role("link", name="Send an invitation").click()
    bob.fill("input[name=subject]", "Joint work on token pruning")
    bob.fill("textarea[name=body]", "Would you like to compare notes on SiT and HiViT?")
    bob.get_by_role("button", name="Send invitation").click()
    expect(bob.get_by_text("Joint work on token pruning").first).to_be_visible()

    qi.goto(f"{site}/inbox/")
    expect(qi.get_by_text("Joint work on token pruning")).to_be_visible()
    expect(qi.locator("nav .count").first).to_have_text("1")
