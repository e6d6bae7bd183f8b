from django.db import migrations, models


class Migration(migrations.Migration):
    """Connections 0006 copied every ticket's request link onto the request."""

    dependencies = [
        ("connections", "0006_request_ticket_links_move"),
        ("tickets", "0003_ticket_desk"),
    ]

    operations = [
        migrations.RemoveField(model_name="supportticket", name="request"),
        migrations.AddConstraint(
            model_name="supportticket",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "account_details"), _negated=True) | models.Q(("account__isnull", False)),
                name="ticket_account_details_names_account",
            ),
        ),
    ]
