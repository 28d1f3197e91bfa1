"""A person's data as JSON files in one zip: their profile and each app's part."""

import io
import json
import zipfile

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.people.privacy.registry import parts

README = """biafed: the data kept about {email}, exported on {at}.

One JSON file per part of the service (profile.json, open_desk.json, files.json,
projects.json, billing.json, messages.json...). The files themselves are listed in
files.json; download them from the site while they are kept.
"""


def personal_data(user) -> dict:
    """{part name: JSON-ready data}, one entry per registered part with an export."""
    return {part.name: part.export(user) for part in parts() if part.export}


def export_personal_data(*, actor, user) -> bytes:
    """The zip a person downloads from their account page (or an admin for them)."""
    if not actor.has_perm("people.export_personal_data", user):
        raise PermissionDenied(_("You can only export your own data."))
    now = timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(email=user.email, at=now.isoformat()))
        for name, data in personal_data(user).items():
            text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(f"{name}.json", text)
    activity.record(actor=actor, verb="exported personal data", subject=user)
    return buffer.getvalue()
