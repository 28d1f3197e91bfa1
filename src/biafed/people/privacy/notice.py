"""The privacy notice at /privacy/: the newest version a coordinator published, else the
default written with the code."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import PrivacyNotice


def default_text() -> str:
    """The default notice, in the current language, with this installation's delays."""
    return render_to_string(
        "people/privacy_default.txt",
        {
            "file_days": settings.INTAKE_RETENTION_DAYS,
            "answer_days": settings.PRIVACY_ANSWERS_RETENTION_DAYS,
            "dormant_days": settings.PRIVACY_DORMANT_ACCOUNT_DAYS,
        },
    ).strip()


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.select_related("published_by").first()


def publish_notice(*, actor, body: str) -> PrivacyNotice:
    """A new version of the notice; earlier versions stay, as the record of what was said."""
    if not actor.has_perm("people.edit_privacy_notice"):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise BusinessRuleError(_("The privacy notice cannot be empty."))
    notice = PrivacyNotice.objects.create(body=body, published_by=actor)
    activity.record(actor=actor, verb="published privacy notice", subject=notice)
    return notice
