import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The link between a request and its ticket moves to the request's side, so that tickets
    import no app above them: the field here, the links in 0006 (apart, since PostgreSQL will
    not alter a table with row changes pending in the same transaction); tickets 0004 then
    drops `SupportTicket.request`."""

    dependencies = [
        ("connections", "0004_identities_normalise_and_verify"),
        ("tickets", "0003_ticket_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="connectionrequest",
            name="ticket",
            field=models.OneToOneField(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="request",
                to="tickets.supportticket", verbose_name="support ticket",
            ),
        ),
    ]
