import django.utils.timezone
from django.db import migrations, models


def unconfirmed_sign_ups(apps, schema_editor):
    """Before this field an inactive account was either a sign-up never confirmed or one
    staff deactivated. One that never signed in and is not staff counts as never
    confirmed (its owner can still confirm it); every other keeps a date, so signing up
    again cannot bring it back."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_active=False, last_login=None, is_staff=False).update(confirmed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_reader_profile_and_recommendations"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="email address confirmed",
            ),
        ),
        migrations.RunPython(unconfirmed_sign_ups, migrations.RunPython.noop, elidable=True),
    ]
