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
