"""Strict readers for configuration from environment variables.

Every setting biafed reads comes through these helpers, so a bad value stops
start-up with one clear message instead of a surprise later.

Any variable may instead be given as a file: `SECRET_KEY_FILE=/run/secrets/key` reads
the value from that file (one trailing line break dropped), so that secrets need not
sit in the environment. Setting both `NAME` and `NAME_FILE` is refused.
"""

import json
import os
import re
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


_PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_RESERVED_PROVIDER_IDS = {"orcid", "saml", "openid_connect"}


def _issuer_ok(value: object) -> bool:
    """https, or http on this machine only (a local provider for development and tests)."""
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    if parsed.scheme == "https" and parsed.netloc:
        return True
    return parsed.scheme == "http" and parsed.hostname in ("localhost", "127.0.0.1", "::1")


def _json_objects(name: str, raw: str, *, what: str, required: tuple, optional: set):
    """`(where, entry)` for each object of the JSON list in `raw`, each checked for unknown
    keys and non-empty string `required` values (shared by the sign-in provider lists)."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}.") from None
    if not isinstance(data, list):
        raise ImproperlyConfigured(f"{name} must be a JSON list of {what}s ([{{...}}, ...]).")
    allowed = {*required, *optional}
    for index, entry in enumerate(data, start=1):
        where = f"{name}: {what} {index}"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where} must be a JSON object.")
        if unknown := sorted(set(entry) - allowed):
            raise ImproperlyConfigured(f"{where} has unknown keys: {', '.join(unknown)}.")
        for key in required:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ImproperlyConfigured(f"{where} needs a non-empty string {key!r}.")
        yield where, entry


def env_oidc_providers(name: str) -> list[dict]:
    """OpenID Connect providers as a JSON list, e.g.
    `[{"id": "lslogin", "name": "LS Login", "issuer": "https://login.aai.lifescience-ri.eu/oidc/",
    "client_id": "…", "secret": "…"}]`; optional keys: "enabled" (true), "scopes"."""
    raw = _raw(name)
    if raw is None or not raw.strip():
        return []
    seen: set[str] = set()
    providers = []
    for where, entry in _json_objects(
        name,
        raw,
        what="provider",
        required=("id", "name", "issuer", "client_id", "secret"),
        optional={"enabled", "scopes"},
    ):
        if not _PROVIDER_ID.match(entry["id"]) or entry["id"] in _RESERVED_PROVIDER_IDS:
            raise ImproperlyConfigured(
                f"{where}: id {entry['id']!r} must be lower-case letters, digits and dashes "
                "(at most 40), and not orcid, saml or openid_connect."
            )
        if entry["id"] in seen:
            raise ImproperlyConfigured(f"{where}: id {entry['id']!r} is used twice.")
        seen.add(entry["id"])
        if not _issuer_ok(entry["issuer"]):
            raise ImproperlyConfigured(
                f"{where}: issuer {entry['issuer']!r} must be an https:// URL "
                "(http:// only for localhost)."
            )
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ImproperlyConfigured(f"{where}: 'enabled' must be true or false.")
        scopes = entry.get("scopes", ["openid", "profile", "email"])
        if (
            not isinstance(scopes, list)
            or not all(isinstance(s, str) and s for s in scopes)
            or "openid" not in scopes
        ):
            raise ImproperlyConfigured(
                f"{where}: 'scopes' must be a list of strings with 'openid'."
            )
        providers.append({**entry, "enabled": enabled, "scopes": scopes})
    return providers


def env_saml_idps(name: str) -> list[dict]:
    """SAML identity providers as a JSON list, e.g. `[{"id": "myuniv", "name": "My
    University", "entity_id": "https://idp.example.org/idp", "metadata_url":
    "https://idp.example.org/metadata"}]`; optional: "enabled" (true), "attribute_mapping"."""
    raw = _raw(name)
    if raw is None or not raw.strip():
        return []
    seen: set[str] = set()
    idps = []
    for where, entry in _json_objects(
        name,
        raw,
        what="identity provider",
        required=("id", "name", "entity_id", "metadata_url"),
        optional={"enabled", "attribute_mapping"},
    ):
        if not _PROVIDER_ID.match(entry["id"]) or entry["id"] in seen:
            raise ImproperlyConfigured(
                f"{where}: id {entry['id']!r} must be unique, lower-case letters, digits, dashes."
            )
        seen.add(entry["id"])
        if not _issuer_ok(entry["metadata_url"]):
            raise ImproperlyConfigured(f"{where}: metadata_url must be an https:// URL.")
        mapping = entry.get("attribute_mapping", {})
        if not isinstance(mapping, dict):
            raise ImproperlyConfigured(f"{where}: 'attribute_mapping' must be a JSON object.")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ImproperlyConfigured(f"{where}: 'enabled' must be true or false.")
        idps.append({**entry, "enabled": enabled, "attribute_mapping": mapping})
    return idps


def url_origin(url: str) -> str:
    """scheme://host[:port] of a URL, for the Content-Security-Policy."""
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"
