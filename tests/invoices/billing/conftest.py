import uuid
from datetime import date
from decimal import Decimal

import pytest

from invoices.billing.base import PushRequest
from invoices.documents import en16931
from invoices.documents.totals import LineAmounts, compute
from tests.invoices.billing.fakes import FakeBillingo, FakeSzamlaAgent, FakeWebhookReceiver, definitions_dir

TIMEOUT = 0.5  # seconds: the fakes' "slow" answers take longer


def pytest_collection_modifyitems(config, items):
    if definitions_dir().is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the billing definitions in {definitions_dir()} (BILLING_DEFINITIONS_DIR)")
    for item in items:
        if "/tests/invoices/billing/" in str(item.path):
            item.add_marker(skip)


def make_document(number: str = "2026-000001", *, prices=(Decimal("100.00"),), rate=Decimal("27"), currency="HUF") -> en16931.Document:
    """A Hungarian seller's invoice to a German buyer, one line per price (quantity 2)."""
    lines = [LineAmounts(quantity=Decimal("2"), net_price=price, vat_category=en16931.STANDARD_RATE, vat_rate=rate) for price in prices]
    computed = compute(currency, lines)
    return en16931.Document(
        type_code=en16931.COMMERCIAL_INVOICE,
        number=number,
        issue_date=date(2026, 11, 27),
        due_date=date(2026, 12, 27),
        currency=currency,
        seller=en16931.Party(
            name="Adams Office Supplies Kft.",
            address=en16931.PostalAddress("HU", "Váci út 1.", city="Budapest", post_code="1062"),
            vat_identifier="HU12345676",
        ),
        buyer=en16931.Party(
            name="Müller Bürobedarf GmbH",
            address=en16931.PostalAddress("DE", "Hauptstraße 5", city="Berlin", post_code="10115"),
            vat_identifier="DE123456789",
            contact_email="ap@mueller.example",
        ),
        lines=tuple(
            en16931.Line(
                identifier=str(n),
                quantity=line.quantity,
                unit_code="C62",
                net_amount=net,
                item_name=f"Paper A4 box {n}",
                net_price=line.net_price,
                vat_category=line.vat_category,
                vat_rate=line.vat_rate,
            )
            for n, (line, net) in enumerate(zip(lines, computed.line_nets, strict=True), start=1)
        ),
        vat_breakdown=computed.vat_breakdown,
        totals=computed.totals,
        payment=en16931.PaymentInstructions("30", iban="HU42117730161111101800000000"),
    )


def make_push_request(number: str = "2026-000001", **kwargs) -> PushRequest:
    return PushRequest(invoice_id=uuid.uuid4(), push_id=uuid.uuid4(), document=make_document(number, **kwargs))


@pytest.fixture
def szamla_agent(settings):
    with FakeSzamlaAgent(slow_seconds=TIMEOUT * 2) as fake:
        settings.SZAMLAZZ_AGENT_URL = fake.url
        settings.BILLING_TIMEOUT = TIMEOUT
        yield fake
    assert not fake.invalid, fake.invalid


@pytest.fixture
def billingo(settings):
    with FakeBillingo(slow_seconds=TIMEOUT * 2) as fake:
        settings.BILLINGO_API_URL = fake.url
        settings.BILLING_TIMEOUT = TIMEOUT
        yield fake
    assert not fake.invalid, fake.invalid


@pytest.fixture
def receiver(settings):
    with FakeWebhookReceiver(slow_seconds=TIMEOUT * 2) as fake:
        settings.BILLING_TIMEOUT = TIMEOUT
        yield fake
