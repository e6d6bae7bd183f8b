"""UBL 2.1 as Peppol BIS Billing 3.0 wants it: an ``Invoice`` or a ``CreditNote``.

Sources: OASIS UBL 2.1 (the element order of ``UBL-Invoice-2.1.xsd`` / ``UBL-CreditNote-2.1.xsd``
and their common aggregate components) and the Peppol BIS Billing 3.0 syntax bindings
(docs.peppol.eu/poacc/billing/3.0/). Reads only the EN 16931 model (``en16931.Document``); every
element is written in the order the schema gives, empty ones never (PEPPOL-EN16931-R008).
"""

from datetime import date
from decimal import Decimal

from lxml import etree

from invoices.documents import en16931 as m
from invoices.documents.totals import written

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
# A line allowance without a reason of its own is a discount (UNTDID 5189 code 95), as BR-42 needs one.
DISCOUNT = "95"


def write(doc: m.Document) -> bytes:
    """``doc`` as UBL 2.1 XML (UTF-8 bytes with declaration): ``Invoice`` for BT-3 380 and the
    other invoice codes, ``CreditNote`` (with ``CreditNoteLine`` and ``CreditedQuantity``) for 381.
    Amounts carry ``currencyID`` (BT-5) and are written as the model holds them, already rounded to
    the currency's minor unit; the monetary totals are those of the lines written (raises
    ValueError when ``doc``'s totals are not its lines', see ``totals.written``)."""
    computed = written(doc)
    credit = doc.type_code == m.CREDIT_NOTE
    root_ns = CREDIT_NOTE_NS if credit else INVOICE_NS
    root = etree.Element(f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}", nsmap={None: root_ns, "cac": CAC, "cbc": CBC})
    w = _Writer(doc.currency)
    w.text(root, "CustomizationID", CUSTOMIZATION_ID)
    w.text(root, "ProfileID", PROFILE_ID)
    w.text(root, "ID", doc.number)
    w.date_text(root, "IssueDate", doc.issue_date)
    if not credit:
        w.date_text(root, "DueDate", doc.due_date)
    w.text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", doc.type_code)
    w.text(root, "Note", doc.note)
    w.text(root, "DocumentCurrencyCode", doc.currency)
    w.text(root, "BuyerReference", doc.buyer_reference)
    if doc.order_reference:
        w.text(w.group(root, "OrderReference"), "ID", doc.order_reference)
    if doc.preceding_invoice:
        reference = w.group(w.group(root, "BillingReference"), "InvoiceDocumentReference")
        w.text(reference, "ID", doc.preceding_invoice)
        w.date_text(reference, "IssueDate", doc.preceding_invoice_date)
    w.party(w.group(root, "AccountingSupplierParty"), doc.seller)
    w.party(w.group(root, "AccountingCustomerParty"), doc.buyer)
    if doc.delivery_date or doc.deliver_to_country:
        delivery = w.group(root, "Delivery")
        w.date_text(delivery, "ActualDeliveryDate", doc.delivery_date)
        if doc.deliver_to_country:
            address = w.group(w.group(delivery, "DeliveryLocation"), "Address")
            w.text(w.group(address, "Country"), "IdentificationCode", doc.deliver_to_country)
    if doc.payment:
        w.payment_means(root, doc.payment, doc.due_date if credit else None)
    if doc.payment_terms:
        w.text(w.group(root, "PaymentTerms"), "Note", doc.payment_terms)
    for item in doc.allowances_charges:
        w.allowance_charge(root, item.is_charge, item.amount, item.reason, item.reason_code, item.vat_category, item.vat_rate)
    w.tax_total(root, computed.totals.tax_total, computed.vat_breakdown)
    w.monetary_total(root, computed.totals)
    for line, net in zip(doc.lines, computed.line_nets, strict=True):
        w.line(root, line, net, credit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def decimal_text(value: Decimal) -> str:
    """A Decimal as XML writes it: plain notation, never an exponent ("21", "0.5", "1000")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class _Writer:
    def __init__(self, currency: str):
        self.currency = currency

    def group(self, parent, name: str):
        return etree.SubElement(parent, f"{{{CAC}}}{name}")

    def text(self, parent, name: str, value: str, **attributes):
        if value in ("", None):
            return None
        element = etree.SubElement(parent, f"{{{CBC}}}{name}", {k: v for k, v in attributes.items() if v})
        element.text = value
        return element

    def date_text(self, parent, name: str, value: date | None):
        if value is not None:
            self.text(parent, name, value.isoformat())

    def amount(self, parent, name: str, value: Decimal):
        # Already rounded to the currency's minor unit by the totals; written as held ("10.00").
        self.text(parent, name, format(value, "f"), currencyID=self.currency)

    def party(self, parent, party: m.Party):
        element = self.group(parent, "Party")
        if party.electronic_address:
            self.text(element, "EndpointID", party.electronic_address.identifier, schemeID=party.electronic_address.scheme)
        if party.trading_name:
            self.text(self.group(element, "PartyName"), "Name", party.trading_name)
        address = self.group(element, "PostalAddress")
        self.text(address, "StreetName", party.address.line_one)
        self.text(address, "AdditionalStreetName", party.address.line_two)
        self.text(address, "CityName", party.address.city)
        self.text(address, "PostalZone", party.address.post_code)
        self.text(address, "CountrySubentity", party.address.country_subdivision)
        self.text(self.group(address, "Country"), "IdentificationCode", party.address.country_code)
        if party.vat_identifier:
            scheme = self.group(element, "PartyTaxScheme")
            self.text(scheme, "CompanyID", party.vat_identifier)
            self.text(self.group(scheme, "TaxScheme"), "ID", "VAT")
        legal = self.group(element, "PartyLegalEntity")
        self.text(legal, "RegistrationName", party.name)
        self.text(legal, "CompanyID", party.legal_registration_id)
        if party.contact_email:
            self.text(self.group(element, "Contact"), "ElectronicMail", party.contact_email)

    def payment_means(self, parent, payment: m.PaymentInstructions, due_date: date | None):
        element = self.group(parent, "PaymentMeans")
        self.text(element, "PaymentMeansCode", payment.means_code)
        # BT-9 of a credit note: UBL's CreditNote has no DueDate of its own (Peppol BIS 3).
        self.date_text(element, "PaymentDueDate", due_date)
        self.text(element, "PaymentID", payment.remittance_information)
        if payment.iban:
            account = self.group(element, "PayeeFinancialAccount")
            self.text(account, "ID", payment.iban)
            self.text(account, "Name", payment.account_name)
            if payment.bic:
                self.text(self.group(account, "FinancialInstitutionBranch"), "ID", payment.bic)

    def tax_category(self, parent, name: str, category: str, rate: Decimal | None, reason: str = "", reason_code: str = ""):
        element = self.group(parent, name)
        self.text(element, "ID", category)
        if rate is not None:
            self.text(element, "Percent", decimal_text(rate))
        self.text(element, "TaxExemptionReasonCode", reason_code)
        self.text(element, "TaxExemptionReason", reason)
        self.text(self.group(element, "TaxScheme"), "ID", "VAT")

    def allowance_charge(self, parent, is_charge, amount, reason, reason_code, category=None, rate=None):
        element = self.group(parent, "AllowanceCharge")
        self.text(element, "ChargeIndicator", "true" if is_charge else "false")
        self.text(element, "AllowanceChargeReasonCode", reason_code)
        self.text(element, "AllowanceChargeReason", reason)
        self.amount(element, "Amount", amount)
        if category is not None:
            self.tax_category(element, "TaxCategory", category, rate)

    def tax_total(self, parent, tax_total: Decimal, breakdown: tuple[m.VatBreakdown, ...]):
        element = self.group(parent, "TaxTotal")
        self.amount(element, "TaxAmount", tax_total)
        for group in breakdown:
            subtotal = self.group(element, "TaxSubtotal")
            self.amount(subtotal, "TaxableAmount", group.taxable_amount)
            self.amount(subtotal, "TaxAmount", group.tax_amount)
            self.tax_category(
                subtotal, "TaxCategory", group.category, group.rate, group.exemption_reason, group.exemption_reason_code
            )

    def monetary_total(self, parent, totals: m.Totals):
        element = self.group(parent, "LegalMonetaryTotal")
        self.amount(element, "LineExtensionAmount", totals.line_net_total)
        self.amount(element, "TaxExclusiveAmount", totals.tax_exclusive)
        self.amount(element, "TaxInclusiveAmount", totals.tax_inclusive)
        if totals.allowance_total:
            self.amount(element, "AllowanceTotalAmount", totals.allowance_total)
        if totals.charge_total:
            self.amount(element, "ChargeTotalAmount", totals.charge_total)
        if totals.prepaid:
            self.amount(element, "PrepaidAmount", totals.prepaid)
        self.amount(element, "PayableAmount", totals.payable)

    def line(self, parent, line: m.Line, net_amount: Decimal, credit: bool):
        element = self.group(parent, "CreditNoteLine" if credit else "InvoiceLine")
        self.text(element, "ID", line.identifier)
        self.text(element, "CreditedQuantity" if credit else "InvoicedQuantity", decimal_text(line.quantity), unitCode=line.unit_code)
        self.amount(element, "LineExtensionAmount", net_amount)
        if line.allowance:
            self.allowance_charge(
                element, False, line.allowance, line.allowance_reason, "" if line.allowance_reason else DISCOUNT
            )
        item = self.group(element, "Item")
        self.text(item, "Name", line.item_name)
        self.tax_category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate)
        price = self.group(element, "Price")
        self.text(price, "PriceAmount", decimal_text(line.net_price), currencyID=self.currency)
