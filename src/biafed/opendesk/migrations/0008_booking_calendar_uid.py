# Each booking gets its own calendar UID, so an invitation, its updates and its
# cancellation name the same event whatever SITE_URL the site runs under. Existing
# bookings get one each (a column default would give them all the same value).

import uuid

from django.db import migrations, models


def give_each_booking_a_uid(apps, schema_editor):
    Booking = apps.get_model("opendesk", "Booking")
    for pk in Booking.objects.values_list("pk", flat=True):
        Booking.objects.filter(pk=pk).update(calendar_uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("opendesk", "0007_dates_from_2000_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="calendar_uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_booking_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="booking",
            name="calendar_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
