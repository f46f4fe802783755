"""Playwright (sync API) driving Debian's chromium; `make test` installs it, never `playwright install`."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.demo_snapshot import load_demo_once

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine's network is closed: without these, chromium keeps calling home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium is not on PATH: run `make test` (it installs Debian's chromium) or `apt-get install chromium`"
        )
    # Playwright's sync API runs an event loop in this thread, which Django's ORM takes for
    # async code. Module scope: the loop is gone again before other test modules run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo district (`manage.py load_demo`, once a test process: tests/demo_snapshot.py), for
    a test that a live server serves."""
    load_demo_once()


@pytest.fixture
def sign_in(browser, live_server):
    """A page of a user logged in in their own browser context (their own cookies), set up as the
    towns' browsers are: Chinese (its Accept-Language), Beijing time, downloads accepted."""
    contexts = []

    def open_page(username: str, password: str, *, width: int = 1366, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            accept_downloads=True,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, username, password)
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:not(.langform) button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
