from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from django.db import transaction

from challenges.services import Answer, challenge_answer, invoice_enter
from connections.models import Relationship
from connections.services import request_confirm
from customers.models import BuyerInvoiceRecord
from invoices.models import InvoiceStatus, LoadRun, PaymentWeek, StatusCount
from invoices.services import load_run_execute
from tests.factories import make_account, make_buyer, make_challenge, make_records, make_relationship, make_request

LATER = datetime(2026, 11, 20, tzinfo=timezone.utc)
EARLIER = datetime(2026, 10, 1, tzinfo=timezone.utc)


@pytest.fixture
def buyer(db):
    return make_buyer("Tungsten Network Limited", country="GB")


def _connect(account, buyer, django_capture_on_commit_callbacks) -> Relationship:
    with django_capture_on_commit_callbacks(execute=True):
        return make_relationship(account, buyer)


def test_a_new_relationship_loads_its_statuses_and_summaries(account, buyer, django_capture_on_commit_callbacks):
    make_records(buyer, account, 30)
    make_records(buyer, account, 5, status="paid", start=100, payment_date=datetime(2026, 11, 2).date())
    relationship = _connect(account, buyer, django_capture_on_commit_callbacks)
    run = relationship.load_runs.get()
    assert (run.state, run.rows_done, run.rows_total, run.percent) == ("finished", 35, 35, 100)
    rows = InvoiceStatus.objects.filter(account=account, buyer=buyer)
    assert rows.count() == 35
    assert {row.organisation_id for row in rows} == {account.organisation_id}
    counts = {(c.status, c.currency): (c.count, c.total) for c in StatusCount.objects.filter(account=account)}
    assert counts[("approved", "EUR")][0] == 30 and counts[("paid", "EUR")][0] == 5
    assert sum(week.count for week in PaymentWeek.objects.filter(account=account, kind="due")) == 30
    assert sum(week.count for week in PaymentWeek.objects.filter(account=account, kind="paid")) == 5


def test_only_this_suppliers_records_are_loaded(account, buyer, org, django_capture_on_commit_callbacks):
    other = make_account(org)
    other.vat_number = "DE811569869"
    other.save()
    make_records(buyer, other, 7)
    make_records(buyer, account, 3)
    _connect(account, buyer, django_capture_on_commit_callbacks)
    assert InvoiceStatus.objects.filter(account=account).count() == 3


def test_a_newer_version_wins_and_an_older_one_is_ignored(account, buyer, django_capture_on_commit_callbacks):
    [record] = make_records(buyer, account, 1, updated_at=EARLIER)
    relationship = _connect(account, buyer, django_capture_on_commit_callbacks)
    BuyerInvoiceRecord.objects.filter(pk=record.pk).update(status="paid", updated_at=LATER)
    load_run_execute(run_id=LoadRun.objects.create(organisation=account.organisation, relationship=relationship).pk)
    assert InvoiceStatus.objects.get().status == "paid"
    BuyerInvoiceRecord.objects.filter(pk=record.pk).update(status="on_hold", updated_at=EARLIER)
    load_run_execute(run_id=LoadRun.objects.create(organisation=account.organisation, relationship=relationship).pk)
    assert InvoiceStatus.objects.get().status == "paid"


def test_running_a_load_again_gives_the_same_rows(account, buyer, django_capture_on_commit_callbacks):
    make_records(buyer, account, 120)
    relationship = _connect(account, buyer, django_capture_on_commit_callbacks)
    before = list(InvoiceStatus.objects.order_by("invoice_number").values())
    run = LoadRun.objects.create(organisation=account.organisation, relationship=relationship)
    load_run_execute(run_id=run.pk)
    load_run_execute(run_id=run.pk)
    assert list(InvoiceStatus.objects.order_by("invoice_number").values()) == before


def test_the_load_is_enqueued_on_commit_and_not_on_rollback(account, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            make_relationship(account, buyer)
            raise RuntimeError
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        make_relationship(account, buyer)
        make_relationship(account, buyer)
    assert len(callbacks) == 1


def test_every_activation_path_enqueues_exactly_one_load(org, member, buyer, django_capture_on_commit_callbacks):
    account = make_account(org)  # the test buyer's relationship: one load
    assert LoadRun.objects.filter(relationship__account=account).count() == 1
    req = make_request(org, buyer=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        request_confirm(req=req, by=member)
    assert LoadRun.objects.filter(relationship__buyer=buyer).count() == 1

    challenge = make_challenge(org, by=member)  # the invoice challenge's path
    invoice_enter(challenge=challenge, answer=Answer(date(2026, 10, 1), Decimal("100"), "INV0000000"), by=member)
    challenge.refresh_from_db()
    asked = challenge.challenged_record
    with django_capture_on_commit_callbacks(execute=True):
        challenge_answer(challenge=challenge, answer=Answer(asked.invoice_date, asked.amount), by=member)
    assert LoadRun.objects.filter(relationship__buyer=challenge.request.buyer).count() == 1


def test_a_failed_load_says_why(account, buyer, monkeypatch, django_capture_on_commit_callbacks):
    import invoices.services

    def crash(relationship):
        raise RuntimeError("the summary could not be written")

    monkeypatch.setattr(invoices.services, "_summaries_rebuild", crash)
    make_records(buyer, account, 2)
    with pytest.raises(RuntimeError):
        _connect(account, buyer, django_capture_on_commit_callbacks)
    run = LoadRun.objects.get(relationship__buyer=buyer)
    assert (run.state, run.message) == ("failed", "the summary could not be written")


def test_an_invoice_known_under_two_identities_loads_once_newest_first(
    account, buyer, settings, django_capture_on_commit_callbacks
):
    """A first load inserts plainly until it meets a row an earlier chunk wrote; then upserts."""
    settings.INVOICE_LOAD_CHUNK = 2
    make_records(buyer, account, 3, updated_at=EARLIER)
    first = BuyerInvoiceRecord.objects.get(invoice_number="INV0000000")
    BuyerInvoiceRecord.objects.create(
        buyer=buyer,
        supplier_network_number=account.network_number,
        invoice_number=first.invoice_number,
        invoice_date=first.invoice_date,
        amount=first.amount,
        currency="EUR",
        status="paid",
        updated_at=LATER,
    )
    relationship = _connect(account, buyer, django_capture_on_commit_callbacks)
    assert relationship.load_runs.get().state == "finished"
    rows = InvoiceStatus.objects.filter(account=account)
    assert rows.count() == 3
    assert rows.get(invoice_number="INV0000000").status == "paid"
