"""Business terms read back from a written UBL or CII by XPath, into the same shape for both."""

from decimal import Decimal

from lxml import etree

from invoices.documents import cii, ubl

UBL_NS = {"cac": ubl.CAC, "cbc": ubl.CBC}
CII_NS = {"rsm": cii.RSM, "ram": cii.RAM, "udt": cii.UDT, "qdt": cii.QDT}


def _first(root, path, ns) -> str:
    found = root.xpath(path, namespaces=ns)
    return found[0].strip() if found else ""


def _amount(root, path, ns) -> Decimal | None:
    text = _first(root, path, ns)
    return Decimal(text) if text else None


def _iso(text: str) -> str:
    """CII's 20261129 as UBL's 2026-11-29."""
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else ""


def read_ubl(xml: bytes) -> dict:
    root = etree.fromstring(xml)
    ns = UBL_NS
    credit = root.tag.endswith("CreditNote")
    line = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"
    quantity = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    due = "cac:PaymentMeans/cbc:PaymentDueDate" if credit else "cbc:DueDate"
    seller = "cac:AccountingSupplierParty/cac:Party/"
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    total = "cac:LegalMonetaryTotal/"
    return {
        "BT-1": _first(root, "cbc:ID/text()", ns),
        "BT-2": _first(root, "cbc:IssueDate/text()", ns),
        "BT-3": _first(root, "cbc:InvoiceTypeCode/text() | cbc:CreditNoteTypeCode/text()", ns),
        "BT-5": _first(root, "cbc:DocumentCurrencyCode/text()", ns),
        "BT-9": _first(root, f"{due}/text()", ns),
        "BT-10": _first(root, "cbc:BuyerReference/text()", ns),
        "BT-13": _first(root, "cac:OrderReference/cbc:ID/text()", ns),
        "BT-20": _first(root, "cac:PaymentTerms/cbc:Note/text()", ns),
        "BT-22": _first(root, "cbc:Note/text()", ns),
        "BT-25": _first(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()", ns),
        "BT-26": _first(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate/text()", ns),
        "BT-27": _first(root, f"{seller}cac:PartyLegalEntity/cbc:RegistrationName/text()", ns),
        "BT-28": _first(root, f"{seller}cac:PartyName/cbc:Name/text()", ns),
        "BT-30": _first(root, f"{seller}cac:PartyLegalEntity/cbc:CompanyID/text()", ns),
        "BT-31": _first(root, f"{seller}cac:PartyTaxScheme/cbc:CompanyID/text()", ns),
        "BT-34": _first(root, f"{seller}cbc:EndpointID/text()", ns),
        "BT-34-1": _first(root, f"{seller}cbc:EndpointID/@schemeID", ns),
        "BT-40": _first(root, f"{seller}cac:PostalAddress/cac:Country/cbc:IdentificationCode/text()", ns),
        "BT-43": _first(root, f"{seller}cac:Contact/cbc:ElectronicMail/text()", ns),
        "BT-44": _first(root, f"{buyer}cac:PartyLegalEntity/cbc:RegistrationName/text()", ns),
        "BT-48": _first(root, f"{buyer}cac:PartyTaxScheme/cbc:CompanyID/text()", ns),
        "BT-49": _first(root, f"{buyer}cbc:EndpointID/text()", ns),
        "BT-55": _first(root, f"{buyer}cac:PostalAddress/cac:Country/cbc:IdentificationCode/text()", ns),
        "BT-72": _first(root, "cac:Delivery/cbc:ActualDeliveryDate/text()", ns),
        "BT-80": _first(root, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode/text()", ns),
        "BT-81": _first(root, "cac:PaymentMeans/cbc:PaymentMeansCode/text()", ns),
        "BT-84": _first(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID/text()", ns),
        "BT-86": _first(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/text()", ns),
        "BT-106": _amount(root, f"{total}cbc:LineExtensionAmount/text()", ns),
        "BT-107": _amount(root, f"{total}cbc:AllowanceTotalAmount/text()", ns),
        "BT-108": _amount(root, f"{total}cbc:ChargeTotalAmount/text()", ns),
        "BT-109": _amount(root, f"{total}cbc:TaxExclusiveAmount/text()", ns),
        "BT-110": _amount(root, "cac:TaxTotal/cbc:TaxAmount/text()", ns),
        "BT-112": _amount(root, f"{total}cbc:TaxInclusiveAmount/text()", ns),
        "BT-113": _amount(root, f"{total}cbc:PrepaidAmount/text()", ns),
        "BT-115": _amount(root, f"{total}cbc:PayableAmount/text()", ns),
        "BG-23": [
            (
                _first(group, "cac:TaxCategory/cbc:ID/text()", ns),
                _amount(group, "cac:TaxCategory/cbc:Percent/text()", ns),
                _amount(group, "cbc:TaxableAmount/text()", ns),
                _amount(group, "cbc:TaxAmount/text()", ns),
                _first(group, "cac:TaxCategory/cbc:TaxExemptionReasonCode/text()", ns),
            )
            for group in root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=ns)
        ],
        "BG-20/21": [
            (
                _first(item, "cbc:ChargeIndicator/text()", ns) == "true",
                _amount(item, "cbc:Amount/text()", ns),
                _first(item, "cac:TaxCategory/cbc:ID/text()", ns),
            )
            for item in root.xpath("cac:AllowanceCharge", namespaces=ns)
        ],
        "BG-25": [
            (
                _first(item, "cbc:ID/text()", ns),
                _amount(item, f"{quantity}/text()", ns),
                _first(item, f"{quantity}/@unitCode", ns),
                _amount(item, "cbc:LineExtensionAmount/text()", ns),
                _amount(item, "cac:Price/cbc:PriceAmount/text()", ns),
                _first(item, "cac:Item/cbc:Name/text()", ns),
                _first(item, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID/text()", ns),
                _amount(item, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent/text()", ns),
                _amount(item, "cac:AllowanceCharge/cbc:Amount/text()", ns),
            )
            for item in root.xpath(line, namespaces=ns)
        ],
    }


def read_cii(xml: bytes) -> dict:
    root = etree.fromstring(xml)
    ns = CII_NS
    doc = "rsm:ExchangedDocument/"
    tx = "rsm:SupplyChainTradeTransaction/"
    seller = f"{tx}ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/"
    buyer = f"{tx}ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/"
    settlement = f"{tx}ram:ApplicableHeaderTradeSettlement/"
    total = f"{settlement}ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    means = f"{settlement}ram:SpecifiedTradeSettlementPaymentMeans/"
    return {
        "BT-1": _first(root, f"{doc}ram:ID/text()", ns),
        "BT-2": _iso(_first(root, f"{doc}ram:IssueDateTime/udt:DateTimeString/text()", ns)),
        "BT-3": _first(root, f"{doc}ram:TypeCode/text()", ns),
        "BT-5": _first(root, f"{settlement}ram:InvoiceCurrencyCode/text()", ns),
        "BT-9": _iso(_first(root, f"{settlement}ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString/text()", ns)),
        "BT-10": _first(root, f"{tx}ram:ApplicableHeaderTradeAgreement/ram:BuyerReference/text()", ns),
        "BT-13": _first(root, f"{tx}ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()", ns),
        "BT-20": _first(root, f"{settlement}ram:SpecifiedTradePaymentTerms/ram:Description/text()", ns),
        "BT-22": _first(root, f"{doc}ram:IncludedNote/ram:Content/text()", ns),
        "BT-25": _first(root, f"{settlement}ram:InvoiceReferencedDocument/ram:IssuerAssignedID/text()", ns),
        "BT-26": _iso(
            _first(root, f"{settlement}ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString/text()", ns)
        ),
        "BT-27": _first(root, f"{seller}ram:Name/text()", ns),
        "BT-28": _first(root, f"{seller}ram:SpecifiedLegalOrganization/ram:TradingBusinessName/text()", ns),
        "BT-30": _first(root, f"{seller}ram:SpecifiedLegalOrganization/ram:ID/text()", ns),
        "BT-31": _first(root, f"{seller}ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()", ns),
        "BT-34": _first(root, f"{seller}ram:URIUniversalCommunication/ram:URIID/text()", ns),
        "BT-34-1": _first(root, f"{seller}ram:URIUniversalCommunication/ram:URIID/@schemeID", ns),
        "BT-40": _first(root, f"{seller}ram:PostalTradeAddress/ram:CountryID/text()", ns),
        "BT-43": _first(root, f"{seller}ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID/text()", ns),
        "BT-44": _first(root, f"{buyer}ram:Name/text()", ns),
        "BT-48": _first(root, f"{buyer}ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()", ns),
        "BT-49": _first(root, f"{buyer}ram:URIUniversalCommunication/ram:URIID/text()", ns),
        "BT-55": _first(root, f"{buyer}ram:PostalTradeAddress/ram:CountryID/text()", ns),
        "BT-72": _iso(
            _first(root, f"{tx}ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString/text()", ns)
        ),
        "BT-80": _first(root, f"{tx}ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID/text()", ns),
        "BT-81": _first(root, f"{means}ram:TypeCode/text()", ns),
        "BT-84": _first(root, f"{means}ram:PayeePartyCreditorFinancialAccount/ram:IBANID/text()", ns),
        "BT-86": _first(root, f"{means}ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID/text()", ns),
        "BT-106": _amount(root, f"{total}ram:LineTotalAmount/text()", ns),
        "BT-107": _amount(root, f"{total}ram:AllowanceTotalAmount/text()", ns),
        "BT-108": _amount(root, f"{total}ram:ChargeTotalAmount/text()", ns),
        "BT-109": _amount(root, f"{total}ram:TaxBasisTotalAmount/text()", ns),
        "BT-110": _amount(root, f"{total}ram:TaxTotalAmount/text()", ns),
        "BT-112": _amount(root, f"{total}ram:GrandTotalAmount/text()", ns),
        "BT-113": _amount(root, f"{total}ram:TotalPrepaidAmount/text()", ns),
        "BT-115": _amount(root, f"{total}ram:DuePayableAmount/text()", ns),
        "BG-23": [
            (
                _first(group, "ram:CategoryCode/text()", ns),
                _amount(group, "ram:RateApplicablePercent/text()", ns),
                _amount(group, "ram:BasisAmount/text()", ns),
                _amount(group, "ram:CalculatedAmount/text()", ns),
                _first(group, "ram:ExemptionReasonCode/text()", ns),
            )
            for group in root.xpath(f"{settlement}ram:ApplicableTradeTax", namespaces=ns)
        ],
        "BG-20/21": [
            (
                _first(item, "ram:ChargeIndicator/udt:Indicator/text()", ns) == "true",
                _amount(item, "ram:ActualAmount/text()", ns),
                _first(item, "ram:CategoryTradeTax/ram:CategoryCode/text()", ns),
            )
            for item in root.xpath(f"{settlement}ram:SpecifiedTradeAllowanceCharge", namespaces=ns)
        ],
        "BG-25": [
            (
                _first(item, "ram:AssociatedDocumentLineDocument/ram:LineID/text()", ns),
                _amount(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/text()", ns),
                _first(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode", ns),
                _amount(item, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount/text()", ns),
                _amount(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount/text()", ns),
                _first(item, "ram:SpecifiedTradeProduct/ram:Name/text()", ns),
                _first(item, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode/text()", ns),
                _amount(item, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent/text()", ns),
                _amount(item, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount/text()", ns),
            )
            for item in root.xpath(f"{tx}ram:IncludedSupplyChainTradeLineItem", namespaces=ns)
        ],
    }
