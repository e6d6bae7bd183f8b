from django.db import migrations
from django.db.models import F


def existing_users_verified(apps, schema_editor):
    """Users from before sign-up verified addresses keep their access: their addresses count as
    verified."""
    apps.get_model("suppliers", "User").objects.update(verified_email=F("email"))


def users_unverified(apps, schema_editor):
    apps.get_model("suppliers", "User").objects.update(verified_email="")


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0002_user_verified_email")]

    operations = [migrations.RunPython(existing_users_verified, users_unverified)]
