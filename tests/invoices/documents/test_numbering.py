"""Numbers without gaps on PostgreSQL: concurrent sends of one account take consecutive numbers
from the locked sequence row, the second waiting for the first's commit; a send that rolls back
gives its number back."""

import threading

import pytest
from django.db import connection

from invoices.documents import services
from invoices.documents.signals import invoice_sent
from invoices.models import Invoice
from tests.factories import make_user
from tests.invoices.documents.makers import connected_buyer, draft, ready_account
from tests.locks import until_another_connection_waits_for_a_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def our_checks_only(settings):
    # The official rules are exercised elsewhere; here the lock is what matters.
    settings.EINVOICE_RULES_DIR = ""


@pytest.fixture
def drafts(account):
    account = ready_account(account)
    user = make_user(account.organisation)
    # No AP address: delivery fails at once, without rendering a PDF.
    buyer = connected_buyer(account, email="")
    return account, user, lambda n: [draft(account, buyer, user=user) for _ in range(n)]


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # reported by the assertion below
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_second_send_waits_for_the_first_and_takes_the_next_number(drafts):
    _account, user, make = drafts
    first, second = make(2)
    results = {}
    first_numbered = threading.Event()

    def hold(sender, invoice, **kwargs):
        # Inside the first send's transaction, numbered, the sequence row locked.
        if invoice.pk == first.pk:
            first_numbered.set()
            until_another_connection_waits_for_a_lock("the second send")

    invoice_sent.connect(hold)
    try:
        one = _in_thread(lambda: services.invoice_send(invoice=first, acting_user=user).number, results, "first")
        assert first_numbered.wait(20)
        two = _in_thread(lambda: services.invoice_send(invoice=second, acting_user=user).number, results, "second")
        one.join(30)
        two.join(30)
    finally:
        invoice_sent.disconnect(hold)
    assert results == {"first": "INV-1", "second": "INV-2"}


def test_a_send_that_rolls_back_leaves_no_gap(drafts):
    _account, user, make = drafts
    failing, next_one = make(2)

    def fail(sender, invoice, **kwargs):
        raise RuntimeError("the send fails after numbering")

    invoice_sent.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            services.invoice_send(invoice=failing, acting_user=user)
    finally:
        invoice_sent.disconnect(fail)
    assert Invoice.objects.get(pk=failing.pk).number == ""
    assert services.invoice_send(invoice=next_one, acting_user=user).number == "INV-1"


def test_many_concurrent_sends_take_every_number_once(drafts):
    account, user, make = drafts
    batches = [make(5) for _ in range(4)]
    results = {}

    def send_all(batch):
        return [services.invoice_send(invoice=invoice, acting_user=user).number for invoice in batch]

    threads = [_in_thread(lambda batch=batch: send_all(batch), results, index) for index, batch in enumerate(batches)]
    for thread in threads:
        thread.join(120)
    numbers = [number for batch in results.values() for number in batch]
    assert sorted(numbers, key=lambda n: int(n.split("-")[1])) == [f"INV-{n}" for n in range(1, 21)]
    assert sorted(Invoice.objects.filter(account=account).values_list("number", flat=True)) == sorted(numbers)
