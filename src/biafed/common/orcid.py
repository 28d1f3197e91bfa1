"""ORCID iDs: the 16-character identifier, its check digit (ISO 7064 MOD 11-2) and link."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def validate_orcid(value: str) -> None:
    if not ORCID_PATTERN.match(value or "") or not orcid_checksum_ok(value):
        raise ValidationError(
            _("%(value)s is not an ORCID iD (16 digits such as 0000-0002-1825-0097)."),
            params={"value": value},
            code="invalid_orcid",
        )


def orcid_url(orcid: str) -> str:
    """The iD's public page: always on orcid.org, as ORCID asks iDs to be displayed."""
    return f"https://orcid.org/{orcid}" if orcid else ""
