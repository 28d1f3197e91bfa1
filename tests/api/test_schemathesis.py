"""Schemathesis against the live API (in process, through WSGI): every operation, with
valid and hostile inputs, answers without a server error and as the schema says (status
codes, content types, bodies, headers), and refuses what the schema forbids.

One check is left out: "valid data accepted". A well-formed id that names no row (a day,
a modality, a session) is refused with a 400 naming the field, which that check counts
as a schema-valid request rejected.

Kept short for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES to raise it)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.helpers import token
from tests.factories import AnalystFactory, CoordinatorFactory, confirmed_booking

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))


@pytest.fixture
def same_connection():
    """Requests go through the WSGI handler, which closes the database connection when a
    request ends (on PostgreSQL, the test's own transaction); Django's test client keeps
    it open the same way: by leaving those signals unconnected during the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers(db, same_connection):
    """A coordinator's token (the widest view), with a booking to find."""
    confirmed_booking(panel=[AnalystFactory(), AnalystFactory()])
    return {"Authorization": f"Bearer {token(CoordinatorFactory())}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_its_schema(case, headers):
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
