import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import portal.lib.uploads


def codes_give(apps, schema_editor):
    SupportTicket = apps.get_model("tickets", "SupportTicket")
    for ticket in SupportTicket.objects.filter(code__isnull=True).only("pk"):
        ticket.code = uuid.uuid4()
        ticket.save(update_fields=["code"])


class Migration(migrations.Migration):
    """Tickets anyone can raise: an opaque code for their page, who opened them, attachments
    on messages, and "question" as the kind of a ticket raised from Help & Support."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("tickets", "0002_tickets_about_accounts"),
    ]

    operations = [
        # Dropped here, before connections 0005 moves the links, so that going back puts them
        # back on the tickets before the constraint that requires them returns.
        migrations.RemoveConstraint(model_name="supportticket", name="ticket_names_what_it_is_about"),
        migrations.AddField(
            model_name="supportticket",
            name="code",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(codes_give, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supportticket",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="supportticket",
            name="opened_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="supportticket",
            name="kind",
            field=models.CharField(
                choices=[
                    ("connection_request", "Connection request"),
                    ("account_details", "Account details"),
                    ("question", "Question"),
                ],
                default="question", max_length=20, verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="ticketmessage",
            name="attachment",
            field=models.FileField(
                blank=True, storage=portal.lib.uploads.PrivateStorage(), upload_to=portal.lib.uploads.private_name,
                verbose_name="attachment",
            ),
        ),
        migrations.AddField(
            model_name="ticketmessage",
            name="attachment_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="file name"),
        ),
        migrations.AddField(
            model_name="ticketmessage",
            name="attachment_type",
            field=models.CharField(blank=True, max_length=50),
        ),
    ]
