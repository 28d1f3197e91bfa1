"""Who may open each page of the network's life: see biafed.common.access for the columns.

Members (analysts, coordinators) see meetings, peer help and network-only resources;
requesters and facility managers who are not analysts do not. In the matrix's world the
panel analyst organises the meeting, asked for help and owns the (network-only) resource.
"""

from biafed.common.access import ALLOWED, LOGIN, REDIRECT, row  # noqa: F401

MEMBERS = (LOGIN, 403, 403, 200, 200, 200, 403, 200)
ORGANISERS = (LOGIN, 403, 403, 200, 403, 403, 403, 200)
POST_ONLY = (LOGIN, 405, 405, 405, 405, 405, 405, 405)
MEMBERS_POST = (LOGIN, 403, 403, ALLOWED, ALLOWED, ALLOWED, 403, ALLOWED)

# fmt: off
ACCESS = {
    "network:home": row("", *MEMBERS),
    "network:map": row("", *MEMBERS),
    "network:places": row("", 200, 200, 200, 200, 200, 200, 200, 200),
    "network:membership": row("", *MEMBERS),
    "network:meetings": row("", *MEMBERS),
    "network:schedule": row("", *MEMBERS),
    "network:meeting": row("meeting", *MEMBERS),
    "network:meeting_ics": row("meeting", *MEMBERS),
    "network:agenda": row("meeting", *ORGANISERS),
    "network:send_agenda": row("meeting", *POST_ONLY,
        post=(LOGIN, 403, 403, ALLOWED, 403, 403, 403, ALLOWED)),
    "network:minutes": row("meeting", *ORGANISERS),
    "network:register": row("meeting", *POST_ONLY, post=MEMBERS_POST),
    "network:threads": row("", *MEMBERS),
    "network:ask": row("", *MEMBERS),
    "network:thread": row("thread", *MEMBERS),
    "network:solved": row("thread", *POST_ONLY, post=MEMBERS_POST),
    "network:to_meeting": row("thread", *POST_ONLY, post=MEMBERS_POST),
    "network:resources": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "network:share": row("", *MEMBERS),
    "network:resource": row("resource", LOGIN, 404, 404, 200, 200, 200, 404, 200),
    "network:resource_edit": row("resource", LOGIN, 404, 404, 200, 403, 403, 404, 200),
}
# fmt: on
