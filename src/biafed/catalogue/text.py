"""Reading text kept in several languages (`{"en": ..., "fr": ..., "es": ...}`)."""

from django.utils.translation import get_language

FALLBACK = "en"


def current_language() -> str:
    return (get_language() or FALLBACK).split("-")[0]


def in_language(values: dict | None, language: str | None = None, *, fallback: bool = True):
    """The value for `language` (the active one by default), else the English one, else the
    first non-empty one; empty when there is none (or without `fallback`)."""
    if not values:
        return ""
    language = language or current_language()
    value = values.get(language)
    if value or not fallback:
        return value or ""
    return values.get(FALLBACK) or next((v for v in values.values() if v), "")
