"""Example images move from opendesk.BookingFile to intake.DataFile (same stored file,
same id so that old download links keep working), then BookingFile goes away."""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations


def _sha256(name: str) -> str:
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as handle:
            while block := handle.read(1024 * 1024):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def forwards(apps, schema_editor):
    BookingFile = apps.get_model("opendesk", "BookingFile")
    DataFile = apps.get_model("intake", "DataFile")
    ContentType = apps.get_model("contenttypes", "ContentType")
    booking_type, _created = ContentType.objects.get_or_create(
        app_label="opendesk", model="booking"
    )
    for old in BookingFile.objects.order_by("pk").iterator():
        sha = _sha256(old.file.name)
        DataFile.objects.create(
            pk=old.pk,
            content_type_id=booking_type.pk,
            object_id=old.booking_id,
            file=old.file.name,
            original_name=old.original_name,
            size=old.size,
            sha256=sha,
            uploaded_by_id=old.uploaded_by_id,
            uploaded_at=old.uploaded_at,
            # Checked again by the periodic job (intake: re-queue files left "received").
            status="received" if sha else "unreadable",
            reason="" if sha else "the stored file is missing",
        )
    if connection_is_postgres(schema_editor):
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('intake_datafile', 'id'), "
            "COALESCE((SELECT MAX(id) FROM intake_datafile), 1))"
        )


def connection_is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def backwards(apps, schema_editor):
    BookingFile = apps.get_model("opendesk", "BookingFile")
    DataFile = apps.get_model("intake", "DataFile")
    ContentType = apps.get_model("contenttypes", "ContentType")
    booking_type = ContentType.objects.filter(app_label="opendesk", model="booking").first()
    if booking_type is None:
        return
    for new in DataFile.objects.filter(content_type_id=booking_type.pk).exclude(status="deleted"):
        BookingFile.objects.create(
            pk=new.pk,
            booking_id=new.object_id,
            file=new.file.name,
            original_name=new.original_name,
            size=new.size,
            uploaded_by_id=new.uploaded_by_id,
            uploaded_at=new.uploaded_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0001_initial"),
        ("opendesk", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="BookingFile"),
    ]
