"""Who may open which page: the vocabulary of the `access.py` tables next to each app's rules.

Each app declares, for every named URL pattern it owns, what eight people get on a GET
(tests/security/test_permission_matrix.py requests every cell and compares):

    anonymous, owner, other requester, panel analyst, outsider analyst, committee
    member, facility manager, coordinator

"Owner" is the requester of the objects in the URL; the panel analyst sits on the
owner's booking panel and leads the owner's project; the facility manager manages the
panel analyst's host facility. An answer is an HTTP status (200, 403, 404, 405) or
LOGIN (sent to the login page) or REDIRECT (sent elsewhere, e.g. after a form).
"""

from dataclasses import dataclass

LOGIN = "login"
REDIRECT = "redirect"
ALLOWED = "allowed"  # a POST let through to the form or action (any answer but a refusal)


@dataclass(frozen=True)
class Row:
    pk: str  # what `<int:pk>` names in this pattern ("" when it has none)
    expected: tuple  # answers to a GET
    post: tuple = ()  # for a URL that only takes POST: who is refused (LOGIN, 403, 404)


def row(pk: str, *expected, post: tuple = ()) -> Row:
    """One URL's answers, in the order of the eight people (see the module's docstring).

    `post` lists, for a URL that answers GET with 405, what an empty POST gets: a
    refusal (LOGIN, 403, 404) for whoever may not act, ALLOWED for whoever may."""
    assert len(expected) == 8, "one answer for each of the eight people"
    assert not post or len(post) == 8, "one POST answer for each of the eight people"
    return Row(pk=pk, expected=tuple(expected), post=tuple(post))


# The site's own pages (biafed/urls.py).
# fmt: off
ACCESS = {
    "favicon": row("", REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "healthz": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "home": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "notifications": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "privacy": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "privacy_edit": row("", LOGIN, 403, 403, 403, 403, 403, 403, 200),
}
# fmt: on
