# The .ics attached to a notification is made by the sending app when the change happens
# and stored with it (`calendar`), instead of being rebuilt from the object when the
# e-mail goes out (`attach_calendar`); mails still waiting then go without a calendar.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_notification_about_and_registered_kinds'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='attach_calendar',
        ),
        migrations.AddField(
            model_name='notification',
            name='calendar',
            field=models.TextField(blank=True),
        ),
    ]
