import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BIAFED_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (make test installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, tmp_path):
    """open_page(user) -> a logged-in page of a fresh browser context.

    Every page opened in these contexts is watched: a Content-Security-Policy violation
    reported in the browser's console fails the test."""
    contexts, violations = [], []

    def watch(page):
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def login(user, password):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15000)
        context.on("page", watch)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login" not in url)
        return page

    yield login
    for index, context in enumerate(contexts):
        for n, page in enumerate(context.pages):
            page.screenshot(path=str(tmp_path / f"context{index}-page{n}.png"))
        context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)
