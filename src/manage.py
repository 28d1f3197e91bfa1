#!/usr/bin/env python
"""Django's manage.py for this checkout; the same as .venv/bin/biafed-manage."""

import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from biafed.manage import main as manage  # noqa: PLC0415 — importable once src/ is on sys.path

    manage()


if __name__ == "__main__":
    main()
