"""The development settings that `make run` leaves in var/development.env.

manage.py reads them so that its commands work in a new shell on the machine where
`make run` ran (`.venv/bin/biafed-manage table1 --csv`), with the same database, queue
and e-mail delivery as the development server. Only when SECRET_KEY is not set: a
production environment sets it, so it never picks up DEBUG=true from here, and without
the file a missing SECRET_KEY still stops start-up. The web server (wsgi/asgi) never
reads it.
"""

import os
from collections.abc import MutableMapping
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent.parent
FILE_NAME = "development.env"


def development_env_file(environ: MutableMapping[str, str]) -> Path:
    data_dir = environ.get("BIAFED_DATA_DIR") or str(REPO_DIR / "var")
    return Path(data_dir) / FILE_NAME


def read_development_env(environ: MutableMapping[str, str] = os.environ) -> Path | None:
    """Add the file's `NAME=value` lines to `environ` (values already set win).

    Returns the file read, or None when SECRET_KEY is set or there is no file.
    """
    if environ.get("SECRET_KEY"):
        return None
    path = development_env_file(environ)
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        name, equals, value = line.partition("=")
        if line.startswith("#") or not equals or not name.strip():
            continue
        environ.setdefault(name.strip(), value.strip())
    return path
