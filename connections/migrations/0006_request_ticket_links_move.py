from django.db import migrations


def links_move_to_requests(apps, schema_editor):
    """Each request takes its ticket's link; the ticket, listed now among any others, is named
    after the request (who asks whom), as new ones are."""
    SupportTicket = apps.get_model("tickets", "SupportTicket")
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    linked = SupportTicket.objects.filter(request_id__isnull=False).values_list("pk", "request_id", "subject")
    for ticket_id, request_id, subject in linked:
        req = ConnectionRequest.objects.select_related("account", "buyer").get(pk=request_id)
        req.ticket_id = ticket_id
        req.save(update_fields=["ticket"])
        if not subject:
            SupportTicket.objects.filter(pk=ticket_id).update(
                subject=f"{req.account.legal_name} → {req.buyer.legal_name}"[:200],
                account_id=req.account_id,
            )


def links_move_to_tickets(apps, schema_editor):
    SupportTicket = apps.get_model("tickets", "SupportTicket")
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    for request_id, ticket_id in ConnectionRequest.objects.filter(ticket_id__isnull=False).values_list("pk", "ticket_id"):
        SupportTicket.objects.filter(pk=ticket_id).update(request_id=request_id)


class Migration(migrations.Migration):
    dependencies = [("connections", "0005_request_ticket_link")]

    operations = [migrations.RunPython(links_move_to_requests, links_move_to_tickets)]
