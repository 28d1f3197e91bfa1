"""The sign-in providers' settings are read strictly: a bad value stops start-up."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from biafed.env import env_oidc_providers, env_saml_idps

LS_LOGIN = {
    "id": "lslogin",
    "name": "LS Login",
    "issuer": "https://login.aai.lifescience-ri.eu/oidc/",
    "client_id": "abc",
    "secret": "s3cret",
}


def test_no_provider_by_default(monkeypatch):
    monkeypatch.delenv("OIDC_PROVIDERS", raising=False)
    assert env_oidc_providers("OIDC_PROVIDERS") == []


def test_providers_are_read_with_their_defaults(monkeypatch):
    keycloak = {**LS_LOGIN, "id": "keycloak", "issuer": "https://kc.example.org/realms/x"}
    monkeypatch.setenv("OIDC_PROVIDERS", json.dumps([LS_LOGIN, {**keycloak, "enabled": False}]))
    first, second = env_oidc_providers("OIDC_PROVIDERS")
    assert (first["enabled"], first["scopes"]) == (True, ["openid", "profile", "email"])
    assert second["enabled"] is False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not json", "not valid JSON"),
        (json.dumps(LS_LOGIN), "JSON list"),
        (json.dumps([{**LS_LOGIN, "secret": ""}]), "'secret'"),
        (json.dumps([{**LS_LOGIN, "issuer": "http://idp.example.org"}]), "https://"),
        (json.dumps([{**LS_LOGIN, "id": "orcid"}]), "not orcid"),
        (json.dumps([LS_LOGIN, LS_LOGIN]), "used twice"),
        (json.dumps([{**LS_LOGIN, "colour": "blue"}]), "unknown keys: colour"),
        (json.dumps([{**LS_LOGIN, "scopes": ["email"]}]), "'openid'"),
        (json.dumps([{**LS_LOGIN, "enabled": "yes"}]), "true or false"),
    ],
)
def test_bad_providers_stop_start_up(monkeypatch, value, message):
    monkeypatch.setenv("OIDC_PROVIDERS", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_oidc_providers("OIDC_PROVIDERS")


def test_a_local_provider_may_use_http(monkeypatch):
    local = {**LS_LOGIN, "issuer": "http://localhost:9400"}
    monkeypatch.setenv("OIDC_PROVIDERS", json.dumps([local]))
    assert env_oidc_providers("OIDC_PROVIDERS")[0]["issuer"] == "http://localhost:9400"


def test_saml_identity_providers_are_checked(monkeypatch):
    idp = {
        "id": "myuniv",
        "name": "My University",
        "entity_id": "https://idp.example.org/idp",
        "metadata_url": "https://idp.example.org/metadata",
    }
    monkeypatch.setenv("SAML_IDPS", json.dumps([idp]))
    assert env_saml_idps("SAML_IDPS")[0]["attribute_mapping"] == {}
    monkeypatch.setenv("SAML_IDPS", json.dumps([{**idp, "metadata_url": "ftp://x"}]))
    with pytest.raises(ImproperlyConfigured, match="metadata_url"):
        env_saml_idps("SAML_IDPS")
