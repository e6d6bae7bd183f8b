# Roles (read-only added), an opaque code per membership for URLs (filled here, made unique in
# 0003, apart so PostgreSQL never alters a table with pending updates), and colleagues' invitations.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def _memberships_coded(apps, schema_editor):
    Membership = apps.get_model("suppliers", "Membership")
    for membership in Membership.objects.filter(code__isnull=True):
        membership.code = uuid.uuid4()
        membership.save(update_fields=["code"])


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0005_account_identity_changes'),
    ]

    operations = [
        # No default here: Django would give every existing row the same one value. Each row gets
        # its own below; 0007 then adds the default and the uniqueness.
        migrations.AddField(
            model_name='membership',
            name='code',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(_memberships_coded, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('admin', 'Administrator'), ('member', 'Member'), ('read_only', 'Read-only')], default='member', max_length=10, verbose_name='role'),
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail address')),
                ('role', models.CharField(choices=[('admin', 'Administrator'), ('member', 'Member'), ('read_only', 'Read-only')], default='member', max_length=10, verbose_name='role')),
                ('language', models.CharField(blank=True, choices=[('en', 'English'), ('cs', 'Czech'), ('de', 'German'), ('pl', 'Polish'), ('fr', 'French'), ('hu', 'Hungarian')], max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='suppliers.organisation')),
            ],
            options={
                'verbose_name': 'invitation',
                'verbose_name_plural': 'invitations',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['organisation', 'email'], name='suppliers_i_organis_21e70c_idx')],
            },
        ),
    ]
