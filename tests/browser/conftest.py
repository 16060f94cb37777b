"""A real browser: Playwright driving Debian's Chromium against the live test server.

Live-server tests run in transactions that are flushed afterwards, which empties the
tables the migrations filled; the `county` fixture loads the county's places again.
"""

import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class Dialogs:
    """The confirmation dialogs a page raised (static/pengshui/site.js asks before an
    irreversible step): each message is kept, and accepted unless `accept` is set False."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.accept = True

    def answer(self, dialog) -> None:
        self.messages.append(dialog.message)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


@pytest.fixture
def dialogs():
    return Dialogs()


@pytest.fixture
def page(browser, live_server, county, dialogs):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", dialogs.answer)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def log_in(username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return log_in
