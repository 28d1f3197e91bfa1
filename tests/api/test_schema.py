"""The committed OpenAPI document (docs/api/openapi.json) is the one the code generates:
a change of the API shows in review, and clients generated from the file stay right.

After a deliberate change: `BIAFED_TESTING=true .venv/bin/biafed-manage spectacular
--format openapi-json --file docs/api/openapi.json --validate` (docs/api.md)."""

import json
from pathlib import Path

from django.core.management import call_command
from django.test import Client

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.json"
    call_command("spectacular", format="openapi-json", file=str(generated), validate=True)
    assert json.loads(generated.read_text()) == json.loads(COMMITTED.read_text()), (
        "docs/api/openapi.json is out of date: regenerate it (see this test's docstring)"
    )


def test_the_schema_is_served_as_openapi_3_1_to_anyone():
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"] == "3.1.0"
    assert "/api/v1/bookings/{id}/submit/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_the_docs_page_uses_local_files_only():
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "https://cdn" not in html
