"""Plain factory functions: the shortest way to a valid row, through the same services as the app."""

from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.gb import vat as gb_vat

from connections.models import Relationship
from connections.services import Verification, connection_requests_create, relationship_create
from customers.models import BuyerEntity
from suppliers.colleagues.services import invitation_create
from suppliers.models import Membership, Organisation, SupplierAccount
from suppliers.services import supplier_account_create

_numbers = count(1)
PASSWORD = "a-long-test-password"


# Valid UK VAT numbers, one for each organisation: a VAT number belongs to one organisation.
_gb_vat_numbers = (f"GB{n}" for n in count(100_000_000) if gb_vat.is_valid(str(n)))


def make_org(name: str = "Acme Supplies") -> Organisation:
    org = Organisation.objects.create(name=name)
    supplier_account_create(org=org, legal_name=f"{name} Ltd", country="GB", vat_number=next(_gb_vat_numbers))
    return org


def make_account(org: Organisation, legal_name: str | None = None) -> SupplierAccount:
    return supplier_account_create(
        org=org, legal_name=legal_name or f"{org.name} account {next(_numbers)}", country="DE"
    )


def make_relationship(account: SupplierAccount, buyer: BuyerEntity, *, vendor_code: str = "") -> Relationship:
    """The account connected to the buyer as support would confirm it: the account's VAT and
    network numbers and `vendor_code` verified."""
    verification = Verification(
        how=Relationship.VerifiedBy.SUPPORT,
        vat_number=account.vat_number,
        network_number=account.network_number,
        vendor_code=vendor_code,
        by_label="tests",
    )
    return relationship_create(account=account, buyer=buyer, vendor_code=vendor_code, verification=verification)


def make_user(org: Organisation | None = None, *, role=Membership.Role.MEMBER, **fields):
    n = next(_numbers)
    fields = {"username": f"user{n}", "email": f"user{n}@example.com", "first_name": f"User{n}"} | fields
    fields.setdefault("verified_email", fields["email"])
    user = get_user_model().objects.create_user(password=PASSWORD, **fields)
    if org is not None:
        Membership.objects.create(organisation=org, user=user, role=role)
    return user


def make_invitation(org: Organisation, *, email: str | None = None, role=Membership.Role.MEMBER, by=None):
    """A pending invitation, through the service (so its e-mail is sent on commit)."""
    n = next(_numbers)
    by = by or make_user(org, role=Membership.Role.ADMIN)
    return invitation_create(org=org, email=email or f"invitee{n}@example.com", role=role, by=by, language="en")


def make_support_user():
    """Staff in the "Support" group: works tickets in Django admin."""
    from django.contrib.auth.models import Group

    user = make_user(is_staff=True, email="support@network.example")
    user.groups.add(Group.objects.get(name="Support"))
    return user


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_buyer(name: str | None = None, *, email: str = "ap@buyer.example", language: str = "", **fields) -> BuyerEntity:
    n = next(_numbers)
    fields = {"network_number": f"AAA7{n:08d}", "country": "DE"} | fields
    return BuyerEntity.objects.create(
        legal_name=name or f"Buyer {n} GmbH", ap_contact_email=email, ap_contact_language=language, **fields
    )


def make_request(org: Organisation, *, buyer: BuyerEntity | None = None, attachment: bool = False, **fields):
    """A connection request of `org`'s first account, through the service (so it has its ticket)."""
    account = org.accounts.order_by("created_at").first()
    user = fields.pop("by", None) or make_user(org)
    upload = SimpleUploadedFile("po.pdf", PDF_BYTES, content_type="application/pdf") if attachment else None
    [req] = connection_requests_create(
        account=account, buyers=[buyer or make_buyer()], by=user, attachment=upload, **fields
    )
    return req


def make_attachment(org: Organisation):
    return make_request(org, attachment=True).attachment


def make_ticket(org: Organisation, **fields):
    """A question `org` raised from Help & Support, through the service (so it has a message)."""
    from tickets.services import ticket_open

    fields = {"subject": "Where is my payment?", "body": "Invoice 42 is overdue."} | fields
    return ticket_open(org=org, by=fields.pop("by", None) or make_user(org), **fields)


def make_ticket_attachment(org: Organisation):
    """A message of a new ticket of `org`, with a PDF attached."""
    upload = SimpleUploadedFile("remittance.pdf", PDF_BYTES, content_type="application/pdf")
    return make_ticket(org, attachment=upload).messages.get()


def make_records(buyer: BuyerEntity, account: SupplierAccount, count: int, *, status: str = "approved", **fields):
    """`count` of the buyer's records of this supplier account (known by its VAT number)."""
    from datetime import date, datetime, timedelta, timezone

    from customers.models import BuyerInvoiceRecord

    start = fields.pop("start", 0)
    updated_at = fields.pop("updated_at", datetime(2026, 11, 1, tzinfo=timezone.utc))
    return BuyerInvoiceRecord.objects.bulk_create(
        BuyerInvoiceRecord(
            **{
                "buyer": buyer,
                "supplier_vat_number": account.vat_number,
                "invoice_number": f"INV{start + n:07d}",
                "invoice_date": date(2026, 10, 1) - timedelta(days=n % 300),
                "amount": Decimal("100.00") + n,
                "currency": "EUR",
                "status": status,
                "due_date": date(2026, 12, 1) + timedelta(days=n % 56),
                "updated_at": updated_at,
            }
            | fields
        )
        for n in range(count)
    )


def make_challenge(org: Organisation, *, buyer: BuyerEntity | None = None, records: int = 5, **fields):
    """A request of `org`'s first account waiting at step 1 of its invoice challenge: the buyer
    holds `records` of the account's invoices (see make_records for their numbers and amounts)."""
    account = org.accounts.order_by("created_at").first()
    buyer = buyer or make_buyer()
    make_records(buyer, account, records)
    return make_request(org, buyer=buyer, **fields).challenge


def make_invoice_status(org: Organisation, *, invoice_number: str = "2026/INV-0001", **fields):
    """An invoice status of `org`'s first account at a new buyer, as a load would copy it."""
    from datetime import date, datetime, timezone

    from invoices.models import InvoiceStatus

    account = org.accounts.order_by("created_at").first()
    fields = {
        "invoice_date": date(2026, 10, 1),
        "amount": Decimal("4508.00"),
        "currency": "EUR",
        "status": "approved",
        "source_updated_at": datetime(2026, 11, 1, tzinfo=timezone.utc),
    } | fields
    return InvoiceStatus.objects.create(
        organisation=org, account=account, buyer=make_buyer(), invoice_number=invoice_number, **fields
    )


def make_invoice(org: Organisation, *, state: str = "draft", type_code: str = "380", buyer=None, lines=None, **fields):
    """A document of `org`'s first account to its test buyer (or `buyer`), with `lines` as
    (description, quantity, net price, VAT rate) tuples (one line by default). A sent one is
    numbered as a send would number it; both carry their totals, as the services store them."""
    from invoices.documents.totals import LineAmounts, compute
    from invoices.models import Invoice, InvoiceLine

    account = org.accounts.order_by("created_at").first()
    buyer = buyer or Relationship.objects.filter(account=account).order_by("-buyer__is_test_buyer").first().buyer
    lines = lines or [("Paper, A4, 500 sheets", Decimal("10"), Decimal("4.50"), Decimal("21"))]
    amounts = [LineAmounts(quantity, price, "S", rate) for _text, quantity, price, rate in lines]
    totals = compute("EUR", amounts).totals
    fields = {
        "line_net_total": totals.line_net_total, "tax_exclusive": totals.tax_exclusive,
        "tax_total": totals.tax_total, "tax_inclusive": totals.tax_inclusive, "payable": totals.payable,
    } | fields
    if state == "sent":
        fields = {"number": f"INV-{next(_numbers)}", "delivery_state": "delivered", "delivery_round": 1} | fields
    invoice = Invoice.objects.create(
        organisation=org, account=account, buyer=buyer, state="draft", type_code=type_code,
        buyer_reference="PO-REF", **{key: value for key, value in fields.items() if key not in ("number",)}
    )
    for position, (text, quantity, price, rate) in enumerate(lines):
        InvoiceLine.objects.create(
            invoice=invoice, position=position, description=text, quantity=quantity, net_price=price, vat_rate=rate
        )
    if state == "sent":
        Invoice.objects.filter(pk=invoice.pk).update(state="sent", number=fields["number"])
        return Invoice.objects.get(pk=invoice.pk)
    return invoice
def make_status_export(org: Organisation, **fields):
    """An export of `org`'s first account, by default ready, its file written."""
    from django.core.files.base import ContentFile

    from invoices.models import StatusExport
    from portal.lib.uploads import private_storage

    account = org.accounts.order_by("created_at").first()
    fields = {"state": StatusExport.State.READY, "rows_done": 1, "rows_total": 1} | fields
    export = StatusExport(organisation=org, account=account, language="en", filename="invoice-statuses.csv", **fields)
    export.file.name = private_storage.save(f"exports/{export.code}.csv", ContentFile(b"\xef\xbb\xbfInvoice number\r\n"))
    export.save()
    return export
