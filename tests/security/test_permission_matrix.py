"""Every URL pattern, requested by eight people, answers as its app's `access.py` declares.

The people stand in different relations to one requester's objects (tests/security/world.py):
anonymous, the owner, another requester, an analyst on the owner's panel (who also leads
the owner's project), an outsider analyst, a committee member, the manager of the panel
analyst's host facility and a coordinator. A new URL pattern fails
`test_every_url_pattern_is_declared` until its row is added.

Print the observed matrix (to review, then declare) with
`BIAFED_MATRIX_PRINT=1 pytest tests/security -s`.
"""

import importlib
import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from biafed.common.access import ALLOWED, LOGIN, REDIRECT
from tests.security.world import PEOPLE, build_world

#: Apps whose `access.py` declares their URLs (and `common` for the site's own pages).
APPS = (
    "common",
    "people",
    "catalogue",
    "opendesk",
    "matching",
    "intake",
    "projects",
    "billing",
    "reporting",
    "network",
    "api",
)
#: Third-party URL trees with their own access control, tested by their projects:
#: allauth's account pages are public forms, the admin site needs staff status,
#: `i18n/` only sets the language cookie.
NOT_OURS = ("accounts/", "admin/", "i18n/")
#: Tables a GET may write to: the session (login, messages), the file access log (who
#: downloaded, previewed or viewed a data file: the reading itself is what it records).
GET_MAY_WRITE = ("django_session", "intake_fileaccess")


def declared() -> dict:
    table = {}
    for app in APPS:
        module = importlib.import_module(f"biafed.{app}.access")
        for name, row in module.ACCESS.items():
            assert name not in table, f"{name} is declared twice"
            table[name] = row
    return table


def url_patterns(resolver=None, prefix="", namespace=""):
    """(name with namespace, route, pattern) for every named pattern of biafed."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if any(route.startswith(skipped) for skipped in NOT_OURS):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route, entry


def url_for(name, pattern, row, kwargs) -> str:
    # Path converters (`<int:pk>`), or the named groups of a regular expression (DRF routers).
    needed = pattern.pattern.converters or pattern.pattern.regex.groupindex
    values = {}
    for key in needed:
        if key == "pk":
            values[key] = kwargs["pk"][row.pk]
        else:
            values[key] = kwargs[key]
    return reverse(name, kwargs=values)


def outcome(response) -> object:
    if response.status_code in (301, 302, 303):
        target = urlsplit(response["Location"]).path
        return LOGIN if target == reverse(settings.LOGIN_URL) else REDIRECT
    return response.status_code


def read_to_the_end(response) -> None:
    """Consume a streamed download so its file is closed (and the connection kept)."""
    if response.streaming:
        for _block in response.streaming_content:
            pass


REFUSED = (LOGIN, 403, 404, 405)


def writes(queries) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")):
            if not any(
                f'"{table.upper()}"' in sql or table.upper() in sql for table in GET_MAY_WRITE
            ):
                found.append(query["sql"][:160])
    return found


def test_every_url_pattern_is_declared():
    names = {name for name, _route, _pattern in url_patterns()}
    table = declared()
    assert sorted(names - table.keys()) == [], "declare these URLs in their app's access.py"
    assert sorted(table.keys() - names) == [], "these declared URLs no longer exist"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def clients(world):
    found = {}
    for person, user in world.people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        found[person] = client
    return found


SECURITY_HEADERS = ("Content-Security-Policy", "Permissions-Policy")


def requested(client, method, url):
    """(outcome, statements that wrote) of one request; a POST is rolled back after.

    Every answer must carry the security headers (AssertionError otherwise)."""
    with CaptureQueriesContext(connection) as queries:
        if method == "get":
            response = client.get(url)
        else:
            with transaction.atomic():
                response = client.post(url, {})
                transaction.set_rollback(True)
        read_to_the_end(response)
    for header in SECURITY_HEADERS:
        assert header in response.headers, f"{method.upper()} {url}: no {header}"
    return outcome(response), writes(queries.captured_queries)


def test_every_url_answers_each_person_as_declared(world, clients):
    """GET as each person gives the declared answer, never writes to the database and
    carries the Content-Security-Policy."""
    table = declared()
    mismatches, changed, observed = [], [], {}
    for name, _route, pattern in sorted(url_patterns()):
        row = table[name]
        url = url_for(name, pattern, row, world.kwargs)
        observed[name] = []
        for person, expected in zip(PEOPLE, row.expected, strict=True):
            got, wrote = requested(clients[person], "get", url)
            observed[name].append(got)
            if got != expected:
                mismatches.append(f"GET {url} ({name}) as {person}: declared {expected}, got {got}")
            if wrote:
                changed.append(f"GET {url} as {person} wrote: {wrote}")
    if os.environ.get("BIAFED_MATRIX_PRINT"):
        for name, cells in observed.items():
            print(f'    "{name}": row("{table[name].pk}", {", ".join(map(repr, cells))}),')
    assert changed == [], "\n".join(changed)
    assert mismatches == [], "\n".join(mismatches)


def test_a_post_is_refused_to_whoever_may_not_open_the_page(world, clients):
    """Cross-role POSTs: whoever a page refuses is refused a POST too; a URL that only
    takes POST declares its `post` answers. A refused POST writes nothing."""
    table = declared()
    mismatches, observed = [], {}
    for name, _route, pattern in sorted(url_patterns()):
        row = table[name]
        url = url_for(name, pattern, row, world.kwargs)
        only_post = all(answer in (LOGIN, 405) for answer in row.expected)
        observed[name] = []
        for index, person in enumerate(PEOPLE):
            if row.post:
                expected = row.post[index]
            elif only_post:
                expected = None  # not declared yet: fails, and the print shows what to declare
            else:
                expected = row.expected[index]
                if expected not in REFUSED:
                    continue  # a page this person may open: its forms are tested by its app
            got, wrote = requested(clients[person], "post", url)
            observed[name].append(got if got in REFUSED else ALLOWED)
            if expected == ALLOWED:
                ok = got not in REFUSED
            elif row.post:
                ok = got == expected
            else:
                ok = expected is not None and got in REFUSED
            if not ok:
                mismatches.append(
                    f"POST {url} ({name}) as {person}: declared {expected}, got {got}"
                )
            if got in REFUSED and wrote:
                mismatches.append(f"POST {url} as {person} was refused ({got}) but wrote: {wrote}")
    if os.environ.get("BIAFED_MATRIX_PRINT"):
        for name, cells in observed.items():
            if all(answer in (LOGIN, 405) for answer in table[name].expected):
                print(f'    "{name}": post=({", ".join(map(repr, cells))}),')
    assert mismatches == [], "\n".join(mismatches)
