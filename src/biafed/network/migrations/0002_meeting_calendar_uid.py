# Each meeting gets its own calendar UID, so an invitation, its updates and its
# cancellation name the same event whatever SITE_URL the site runs under. Existing
# meetings get one each (a column default would give them all the same value).

import uuid

from django.db import migrations, models


def give_each_meeting_a_uid(apps, schema_editor):
    Meeting = apps.get_model("network", "Meeting")
    for pk in Meeting.objects.values_list("pk", flat=True):
        Meeting.objects.filter(pk=pk).update(calendar_uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_network_life"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="calendar_uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_meeting_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="calendar_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
