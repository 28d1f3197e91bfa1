# Notifications no longer know the open desk: the booking a notification was about becomes
# a generic `about_type`/`about_id` (as in the activity log), and `kind` is checked against
# the kinds the apps register instead of a fixed list, so a new kind needs no migration here.

import biafed.notifications.registry
from django.db import migrations, models


def booking_to_about(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(booking__isnull=False).update(
        about_type="opendesk.booking", about_id=models.F("booking")
    )


def about_to_booking(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(about_type="opendesk.booking").update(booking=models.F("about_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_alter_notification_kind'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='about_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='about_type',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(booking_to_about, about_to_booking),
        migrations.RemoveField(
            model_name='notification',
            name='booking',
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(max_length=32, validators=[biafed.notifications.registry.validate_kind]),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['about_type', 'about_id'], name='notificatio_about_t_3910c4_idx'),
        ),
    ]
