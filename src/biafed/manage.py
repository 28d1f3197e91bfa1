import os
import sys

from django.core.management import execute_from_command_line

from biafed.devenv import read_development_env


def main() -> None:
    read_development_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biafed.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
