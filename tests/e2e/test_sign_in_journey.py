"""A new person signs up through an OpenID Connect provider in a real browser: the
provider (oidc-provider-mock, from PyPI) runs on this machine; the pages pass the CSP
and axe checks."""

import pytest
from oidc_provider_mock import run_server_in_thread

from biafed.people.models import User
from tests.e2e.test_accessibility import axe_violations
from tests.people.identity_support import enable_oidc, set_provider_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_with_an_oidc_provider_in_the_browser(browser, live_server, settings):
    with run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        enable_oidc(settings, issuer, name="Lab Login")
        set_provider_user(
            issuer, "ada", {"email": "ada@uni.example.org", "email_verified": True, "name": "Ada L"}
        )
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15000)
        violations = []
        page = context.new_page()
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        try:
            page.goto("/accounts/login/")
            assert axe_violations(page) == []
            page.get_by_role("button", name="Sign in with Lab Login").click()
            page.wait_for_url(f"{issuer}/**")
            page.fill("input[name=sub]", "ada")
            page.get_by_role("button", name="Authorize").click()
            page.wait_for_url("**/accounts/3rdparty/signup/")
            assert page.input_value("input[name=full_name]") == "Ada L"
            assert axe_violations(page) == []
            page.fill("input[name=institution]", "Université de Lille")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/" not in url)
            assert "Log out" in page.content()
        finally:
            context.close()
    assert violations == []
    user = User.objects.get(email="ada@uni.example.org")
    assert user.institution == "Université de Lille"
