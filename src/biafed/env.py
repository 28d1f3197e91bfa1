"""Strict readers for configuration from environment variables.

Every setting biafed reads comes through these helpers, so a bad value stops
start-up with one clear message instead of a surprise later.

Any variable may instead be given as a file: `SECRET_KEY_FILE=/run/secrets/key` reads
the value from that file (one trailing line break dropped), so that secrets need not
sit in the environment. Setting both `NAME` and `NAME_FILE` is refused.
"""

import os
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    """The value of `name`, or the content of the file `name`_FILE points to, or None."""
    path = os.environ.get(f"{name}_FILE")
    if path is None:
        return os.environ.get(name)
    if name in os.environ:
        raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: keep only one.")
    try:
        with open(path, encoding="utf-8") as secret:
            content = secret.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {reason}.") from None
    return content.removesuffix("\n").removesuffix("\r")


def env_str(name: str, default: str) -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of true/false/1/0.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = _raw(name)
    value = (default if raw is None else raw).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    raw = _raw(name)
    value = (default if raw is None else raw).strip()
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be a URL starting with one of: "
            + ", ".join(f"{s}://" for s in schemes)
        )
    return value


def env_time_zone(name: str, default: str) -> str:
    raw = _raw(name)
    value = default if raw is None else raw
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r} is not a known time zone.") from None
    return value


def env_tile_url(name: str) -> str:
    """An optional map tile server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png:
    empty (no tiles, the map draws shipped country outlines) or an http(s) URL template
    with {z}, {x} and {y}."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    parsed = urlparse(value)
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in value]
    if parsed.scheme not in ("http", "https") or not parsed.netloc or missing:
        raise ImproperlyConfigured(
            f"{name}={value!r} must be an http(s) URL template with {{z}}, {{x}} and {{y}}, "
            "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (or empty: no tiles)."
        )
    return value


def env_link(name: str, example: str) -> str:
    """An optional link to another service (e.g. the network's team chat): empty, or an
    http(s) URL with a host; anything else (javascript:, mailto:, a bare word) stops
    start-up with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    parsed = urlparse(value)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or any(c.isspace() for c in value)
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} must be an http(s) address, e.g. {example} (or empty: none)."
        )
    return value


def tile_host(url: str) -> str:
    """The origin a tile URL loads images from, for the Content-Security-Policy
    (`{s}` subdomains become a wildcard)."""
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc.replace('{s}', '*')}"
