"""Helpers for the sign-in tests: a real OpenID Connect provider on this machine
(oidc-provider-mock, from PyPI: authlib-based, signs real ID tokens), and settings that
switch providers on."""

import re
from urllib.parse import urlparse

import httpx
from django.urls import reverse

ORCID_ID = "0000-0002-1825-0097"  # ORCID's documented example iD (valid check digit)


def enable_oidc(settings, issuer: str, *, provider_id: str = "lab", name: str = "Lab Login"):
    providers = dict(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider_id,
                "name": name,
                "client_id": "biafed-tests",
                "secret": "biafed-tests-secret",
                "settings": {"server_url": issuer},
            }
        ],
    }
    settings.SOCIALACCOUNT_PROVIDERS = providers
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = [*directives["form-action"], issuer]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}


def enable_orcid(settings):
    providers = dict(settings.SOCIALACCOUNT_PROVIDERS)
    providers["orcid"] = {
        **providers["orcid"],
        "APPS": [{"client_id": "APP-TESTS", "secret": "orcid-secret", "key": ""}],
    }
    settings.SOCIALACCOUNT_PROVIDERS = providers


def set_provider_user(issuer: str, sub: str, claims: dict) -> None:
    httpx.put(f"{issuer}/users/{sub}", json=claims).raise_for_status()


def sign_in_at_provider(
    client, issuer: str, sub: str, *, provider_id: str = "lab", process: str = "login"
):
    """Click "Sign in with …" (or "Link my … account": process="connect"), authenticate as
    `sub` at the provider, come back: the response of biafed's callback."""
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": provider_id}) + f"?process={process}"
    )
    assert start.status_code == 302 and start.url.startswith(issuer), start
    answer = httpx.post(start.url, data={"sub": sub}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlparse(answer.headers["location"])
    assert back.path == reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
    return client.get(f"{back.path}?{back.query}")


def confirm_path(body: str) -> str:
    link = re.search(r"https?://[^\s]+", body).group(0)
    return re.sub(r"^https?://[^/]+", "", link)
