"""Sent invoices and their pushes, written straight to the database (the send service itself is
tested by the documents wing; tests/invoices/billing/test_push_on_send.py goes through it once)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from invoices.billing.services import billing_integration_save
from invoices.models import BillingIntegration, BillingPush, Invoice, InvoiceLine
from tests.factories import make_buyer


def make_integration(account, *, system="webhook", credentials=None, **options) -> BillingIntegration:
    return billing_integration_save(
        account=account,
        system=system,
        credentials=credentials or {"url": "https://books.example/hook", "secret": "s3cret"},
        issue_zero_total=options.get("issue_zero_total", False),
        auto_push=options.get("auto_push", True),
        include_link_in_email=options.get("include_link_in_email", False),
    )


def make_sent_invoices(account, count: int, *, buyer=None, price=Decimal("100.00"), start: int = 1) -> list[Invoice]:
    """`count` sent invoices of `account` to `buyer` (a German one by default), numbered
    INV-<start>…, one line each: 2 × `price` at 27 % VAT, in HUF."""
    buyer = buyer or make_buyer(
        "Müller Bürobedarf GmbH", country="DE", vat_number="DE123456789", street="Hauptstraße 5", city="Berlin", post_code="10115"
    )
    invoices = Invoice.objects.bulk_create(
        [
            Invoice(
                organisation_id=account.organisation_id,
                account=account,
                buyer=buyer,
                currency="HUF",
                issue_date=date(2026, 11, 27),
                due_date=date(2026, 11, 27) + timedelta(days=30),
            )
            for _ in range(count)
        ]
    )
    InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(
                organisation_id=account.organisation_id,
                invoice=invoice,
                description="Paper A4, box of 5 reams",
                quantity=Decimal("2"),
                unit_code="C62",
                net_price=price,
                vat_category="S",
                vat_rate=Decimal("27"),
            )
            for invoice in invoices
        ]
    )
    net = price * 2
    total = (net * Decimal("1.27")).quantize(Decimal("0.01"))
    ids = [invoice.pk for invoice in invoices]
    for n, pk in enumerate(ids, start=start):
        Invoice.objects.filter(pk=pk).update(
            state="sent", number=f"INV-{n:06d}", sent_at=timezone.now(), line_net_total=net, tax_exclusive=net,
            tax_total=total - net, tax_inclusive=total, payable=total,
        )
    return list(Invoice.objects.filter(pk__in=ids).order_by("number"))


def make_push(org) -> BillingPush:
    """A failed push of a sent invoice of `org`'s first account (for the sweeps)."""
    account = org.accounts.order_by("pk").first()
    integration = BillingIntegration.objects.filter(account=account).first() or make_integration(account)
    [invoice] = make_sent_invoices(account, 1, start=BillingPush.objects.filter(organisation=org).count() + 1)
    return BillingPush.objects.create(
        invoice=invoice, integration=integration, state="failed", last_error="Billingo: the partner is invalid."
    )
