"""Tokens and an API client for the API tests."""

from django.test import Client

from biafed.api.scopes import ALL_SCOPES
from biafed.api.services.tokens import create_token


def token(user, scopes=ALL_SCOPES, days: int = 30) -> str:
    _token, raw = create_token(owner=user, name="test script", scopes=scopes, days=days)
    return raw


class Api:
    """A client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, raw: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"} if raw else {}

    def get(self, path: str, **headers):
        return self.client.get(f"/api/v1/{path}", headers={**self.headers, **headers})

    def post(self, path: str, data=None):
        return self.client.post(
            f"/api/v1/{path}",
            data=data or {},
            content_type="application/json",
            headers=self.headers,
        )


def api_for(user, scopes=ALL_SCOPES) -> Api:
    return Api(token(user, scopes))
