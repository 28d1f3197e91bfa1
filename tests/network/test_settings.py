import pytest
from django.core.exceptions import ImproperlyConfigured

from biafed.env import env_tile_url, tile_host


def test_no_tile_server_by_default(monkeypatch):
    monkeypatch.delenv("MAP_TILE_URL", raising=False)
    assert env_tile_url("MAP_TILE_URL") == ""


def test_a_tile_url_needs_its_placeholders(monkeypatch):
    monkeypatch.setenv("MAP_TILE_URL", "https://tile.example.org/tiles.png")
    with pytest.raises(ImproperlyConfigured, match=r"\{z\}"):
        env_tile_url("MAP_TILE_URL")


def test_the_policy_allows_the_tile_host_with_its_subdomains(monkeypatch):
    url = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    monkeypatch.setenv("MAP_TILE_URL", url)
    assert env_tile_url("MAP_TILE_URL") == url
    assert tile_host(url) == "https://*.tile.example.org"


def test_no_team_chat_link_by_default(monkeypatch):
    from biafed.env import env_link

    monkeypatch.delenv("NETWORK_CHAT_URL", raising=False)
    assert env_link("NETWORK_CHAT_URL", "https://chat.example.org") == ""


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "chat.example.org",
        "ftp://chat.example.org",
        "https://",
        "https://a b",
    ],
)
def test_a_team_chat_link_must_be_http_or_https(monkeypatch, value):
    from biafed.env import env_link

    monkeypatch.setenv("NETWORK_CHAT_URL", value)
    with pytest.raises(ImproperlyConfigured, match="must be an http"):
        env_link("NETWORK_CHAT_URL", "https://chat.example.org")


@pytest.mark.django_db
def test_members_find_the_team_chat_on_the_network_page(client, settings):
    from django.urls import reverse

    from tests.factories import AnalystFactory

    client.force_login(AnalystFactory())
    page = client.get(reverse("network:home")).content.decode()
    assert 'data-testid="network-chat"' not in page

    settings.NETWORK_CHAT_URL = "https://chat.example.org/network"
    page = client.get(reverse("network:home")).content.decode()
    assert 'href="https://chat.example.org/network"' in page
