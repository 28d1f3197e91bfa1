"""The backup of docs/backup.md, restored: a `pg_dump` of the database and a copy of the
media folder, restored into a fresh database, serve the same site (pages and files).

PostgreSQL only; skipped without pg_dump/pg_restore, except on CI where they must be."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from biafed.people.privacy import publish_notice
from tests.factories import CoordinatorFactory, RequesterFactory, checked_file, submitted_booking

TOOLS = ("pg_dump", "pg_restore")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

SERVE = """
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
from biafed.people.models import User
from biafed.opendesk.models import Booking
client = Client()
found = {"healthz": client.get("/healthz").status_code,
         "privacy": client.get(reverse("privacy")).content.decode()}
client.force_login(User.objects.get(email=sys.argv[1]))
booking = Booking.objects.get(requester__email=sys.argv[1])
found["booking"] = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
data_file = booking.files.get()
download = client.get(reverse("intake:download", args=[data_file.pk]))
found["download"] = b"".join(download.streaming_content).hex()
print(json.dumps(found))
"""


def _tools_or_skip() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the PostgreSQL client tools: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")


def _libpq_env() -> tuple[dict, list[str]]:
    """Connection options for the command-line tools, from Django's test database."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db.get('USER') or ''}{password}@{host}{port}/{name}"


def test_a_dump_and_the_media_restored_into_a_fresh_database_serve_the_site(tmp_path):
    _tools_or_skip()
    requester = RequesterFactory(full_name="Restored Requester")
    booking = submitted_booking(requester=requester, title="Nuclei before the backup")
    data_file = checked_file(booking, name="backed-up.png")
    with data_file.file.open("rb") as stored:
        stored_bytes = stored.read()
    publish_notice(actor=CoordinatorFactory(), body="# Our notice\n\nSaved before the backup.")

    # Backup, as docs/backup.md does it: the database, then the media folder.
    env, args = _libpq_env()
    dump = tmp_path / "biafed.dump"
    database = connection.settings_dict["NAME"]
    subprocess.run(
        ["pg_dump", *args, "--format=custom", "--no-owner", f"--file={dump}", database],
        env=env,
        check=True,
    )
    restored_media = tmp_path / "restored-media"
    shutil.copytree(settings.MEDIA_ROOT, restored_media)

    # Restore into a fresh database (named after the test database: no other run's).
    fresh = f"{database}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={fresh}",
                str(dump),
            ],
            env=env,
            check=True,
        )
        served = subprocess.run(
            [sys.executable, "-c", SERVE, requester.email],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "biafed.test_settings",
                "DATABASE_URL": _url(fresh),
                "MEDIA_ROOT": str(restored_media),
                "FILE_STORAGE": "local",
                "BIAFED_DATA_DIR": str(tmp_path / "data"),
                "PYTHONPATH": str(settings.SRC_DIR),
            },
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert served.returncode == 0, served.stderr
        found = json.loads(served.stdout.strip().splitlines()[-1])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    assert found["healthz"] == 200
    assert "Saved before the backup." in found["privacy"]
    assert "Nuclei before the backup" in found["booking"]
    assert bytes.fromhex(found["download"]) == stored_bytes
