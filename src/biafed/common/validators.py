"""Validators shared by every model and form: web links, link patterns, DOIs, dates.

Models declare them on their fields (ModelForms pick them up); services that take values
from elsewhere run the same field validators through `check_fields`."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from biafed.common.errors import BusinessRuleError

WEB_SCHEMES = ("http", "https")


class WebLinkValidator(URLValidator):
    """A link a browser opens as a web page: http(s) only (no javascript:, data:, ftp:)."""

    schemes = list(WEB_SCHEMES)
    message = _("Enter a web link starting with https:// (or http://).")


validate_web_link = WebLinkValidator()


def is_web_link(value: str) -> bool:
    try:
        validate_web_link(value)
    except ValidationError:
        return False
    return True


def validate_link_lines(value: str) -> None:
    """Links one per line (blank lines ignored), each a web link."""
    for line in filter(None, (raw.strip() for raw in (value or "").splitlines())):
        if not is_web_link(line):
            raise ValidationError(
                _("“%(line)s” is not a web link (it should start with https://).") % {"line": line},
                code="invalid",
            )


def validate_link_pattern(value: str) -> None:
    """A video-meeting link pattern: {day}, {slot} and {room} only, and a web link once
    they are filled in."""
    try:
        sample = value.format(day="20260101", slot=1, room=1)
    except (KeyError, IndexError, ValueError, AttributeError):
        raise ValidationError(
            _("Only {day}, {slot} and {room} may appear between braces."), code="pattern"
        ) from None
    validate_web_link(sample)


DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")

validate_doi = RegexValidator(
    re.compile(r"^10\.\d{4,9}/\S+$"),
    _("Enter a DOI like 10.5281/zenodo.1234567."),
    code="doi",
)


def normalise_doi(value: str) -> str:
    """10.5281/zenodo.1 from "https://doi.org/10.5281/zenodo.1", "doi:10.5281/…" or itself."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


EARLIEST_DATE = date(2000, 1, 1)
"""No date people enter in biafed (effort, a deadline, an open-desk day) is older."""


def validate_plausible_date(value: date) -> None:
    if value < EARLIEST_DATE:
        raise ValidationError(_("Enter a date from 2000 on."), code="too_early")


def check_not_in_past(
    value: date | None, *, label: "str | Promise", after_today: bool = False
) -> None:
    """Refuse a date in the past where it makes no sense (a deadline; with `after_today`,
    an open-desk day being set up, which cannot be today either), naming the field."""
    today = timezone.localdate()
    if value is None or value > today or (value == today and not after_today):
        return
    message = (
        _("%(field)s: choose a date after today.")
        if after_today
        else _("%(field)s: the date %(date)s is in the past.")
    )
    raise BusinessRuleError(message % {"field": capfirst(str(label)), "date": value.isoformat()})


def check_fields(instance, *names: str) -> None:
    """Run the validators of these model fields (length, links, dates) on `instance`, as a
    form would: the first problem is raised as a BusinessRuleError naming the field."""
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if value in field.empty_values:
            continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            raise BusinessRuleError(
                _("%(field)s: %(problem)s")
                % {"field": capfirst(field.verbose_name), "problem": " ".join(error.messages)}
            ) from None
