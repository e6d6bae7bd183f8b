"""Connections 0006 moves each ticket's request link onto the request (tickets 0004 drops it)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_buyer, make_org

BEFORE = [("connections", "0004_identities_normalise_and_verify"), ("tickets", "0003_ticket_desk")]
AFTER = [("connections", "0006_request_ticket_links_move"), ("tickets", "0004_request_link_on_request_side")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_ticket_made_the_old_way_ends_up_on_its_request():
    apps = _migrate(BEFORE)
    # The parties are today's rows: only the request and its ticket are made the old way.
    org = make_org("Adams")
    account = org.accounts.get()
    buyer = make_buyer("Tungsten Network GmbH")
    req = apps.get_model("connections", "ConnectionRequest").objects.create(
        organisation_id=org.pk, account_id=account.pk, buyer_id=buyer.pk
    )
    ticket = apps.get_model("tickets", "SupportTicket").objects.create(
        organisation_id=org.pk, kind="connection_request", request=req, reference="1234567", deadline="2026-12-01T12:00Z"
    )
    lone = apps.get_model("tickets", "SupportTicket").objects.create(
        organisation_id=org.pk, kind="account_details", account_id=account.pk, reference="7654321", deadline="2026-12-01T12:00Z"
    )
    apps = _migrate(AFTER)
    moved = apps.get_model("connections", "ConnectionRequest").objects.get(pk=req.pk)
    assert moved.ticket_id == ticket.pk
    migrated = apps.get_model("tickets", "SupportTicket").objects.get(pk=ticket.pk)
    assert migrated.subject == "Adams Ltd → Tungsten Network GmbH" and migrated.account_id == account.pk
    assert not apps.get_model("connections", "ConnectionRequest").objects.filter(ticket_id=lone.pk).exists()
    apps = _migrate(BEFORE)  # and back
    assert apps.get_model("tickets", "SupportTicket").objects.get(pk=ticket.pk).request_id == req.pk
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
