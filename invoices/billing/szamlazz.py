"""Számlázz.hu Számla Agent.

Sources: the Számla Agent documentation (docs.szamlazz.hu) and the XML Schemas Számlázz.hu
publishes (copies in ../shared/billing-definitions/szamlazz/, README there):
- create: an `xmlszamla` document (namespace http://www.szamlazz.hu/xmlszamla, elements in the
  schema's order, dates YYYY-MM-DD, amounts with a decimal point) posted as the multipart file field
  `action-xmlagentxmlfile`; with `valaszVerzio` 1 the Agent answers in HTTP headers:
  `szlahu_szamlaszam` (the invoice number), `szlahu_vevoifiokurl` (the buyer's view, URL-encoded),
  and on failure `szlahu_error_code` / `szlahu_error` (URL-encoded). An answer without any
  `szlahu_` header is a failure too.
- query: an `xmlszamlaxml` document (namespace http://www.szamlazz.hu/xmlszamlaxml) posted as
  `action-szamla_agent_xml`, answered with a `szamla` document (http://www.szamlazz.hu/szamla).
  Its schema queries by invoice number or order number (`rendelesSzam`), so we query by our own
  invoice number, which we send as `rendelesSzam` and which is unique per supplier account.

The Agent does not refuse a second invoice with the same `szamlaKulsoAzon` (we send our invoice's
UUID there), so the push service queries before creating again after an unknown outcome, and never
sends one create request more than five times (the Agent's guidance; `MAX_SENDS` in services).
"""

from collections.abc import Callable
from decimal import Decimal
from urllib.parse import unquote_plus
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from invoices.billing.base import Adapter, BillingError, Created, CredentialField, PushRequest, retry_after_seconds
from invoices.documents import en16931
from invoices.documents.totals import round_amount

NS = "http://www.szamlazz.hu/xmlszamla"
NS_QUERY = "http://www.szamlazz.hu/xmlszamlaxml"
NS_INVOICE = "http://www.szamlazz.hu/szamla"
FIELD_CREATE = "action-xmlagentxmlfile"
FIELD_QUERY = "action-szamla_agent_xml"
# Számla Agent error codes that mean the credentials are wrong (login failed / no Agent key).
CREDENTIAL_ERRORS = {"3", "4"}
# The Agent's VAT keys for the EN 16931 categories without a percentage (BT-151).
VAT_KEYS = {
    en16931.ZERO_RATED: "0",
    en16931.EXEMPT: "AAM",  # áfamentes
    en16931.REVERSE_CHARGE: "F.AFA",  # fordított adózás
    en16931.INTRA_COMMUNITY: "EU",  # Közösségen belüli
    en16931.EXPORT: "EUK",  # Közösségen kívüli
    en16931.OUTSIDE_SCOPE: "TEHK",  # tárgyi hatályon kívül
}
LANGUAGES = {"HU": "hu", "DE": "de", "AT": "de", "FR": "fr", "IT": "it", "RO": "ro", "SK": "sk", "HR": "hr", "PL": "pl"}


def _e(parent: ET.Element, name: str, value, ns: str = NS) -> None:
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def _amount(value: Decimal) -> str:
    return format(value, "f")


def _vat_key(line: en16931.Line) -> str:
    if line.vat_category == en16931.STANDARD_RATE and line.vat_rate is not None:
        return format(line.vat_rate.normalize(), "f")
    return VAT_KEYS.get(line.vat_category, "0")


class SzamlazzAdapter(Adapter):
    system = "szamlazz"
    label = "Számlázz.hu"
    credential_fields = (
        CredentialField(
            "agent_key",
            _("Agent key"),
            secret=True,
            required=False,
            help_text=_("Számla Agent key (Számlázz.hu → Settings → Agent key); or a user name and password."),
        ),
        CredentialField("username", _("User name"), required=False),
        CredentialField("password", _("Password"), secret=True, required=False),
    )

    @classmethod
    def credentials_missing(cls, values: dict[str, str]) -> list[str]:
        """An Agent key, or else a user name and a password."""
        if values.get("agent_key"):
            return []
        return [name for name in ("username", "password") if not values.get(name)]

    @property
    def url(self) -> str:
        return settings.SZAMLAZZ_AGENT_URL

    def _login(self, parent: ET.Element, ns: str) -> None:
        if self.credentials.get("agent_key"):
            _e(parent, "szamlaagentkulcs", self.credentials["agent_key"], ns)
        else:
            _e(parent, "felhasznalo", self.credentials.get("username", ""), ns)
            _e(parent, "jelszo", self.credentials.get("password", ""), ns)

    def invoice_xml(self, request: PushRequest) -> bytes:
        """The `xmlszamla` request for `request` (UTF-8 bytes), valid against xmlszamla.xsd."""
        doc = request.document
        root = ET.Element(f"{{{NS}}}xmlszamla")
        options = ET.SubElement(root, f"{{{NS}}}beallitasok")
        self._login(options, NS)
        _e(options, "eszamla", True)
        _e(options, "szamlaLetoltes", False)
        _e(options, "valaszVerzio", 1)
        _e(options, "szamlaKulsoAzon", request.invoice_id)
        header = ET.SubElement(root, f"{{{NS}}}fejlec")
        _e(header, "keltDatum", doc.issue_date.isoformat())
        _e(header, "teljesitesDatum", (doc.delivery_date or doc.issue_date).isoformat())
        _e(header, "fizetesiHataridoDatum", (doc.due_date or doc.issue_date).isoformat())
        _e(header, "fizmod", "Átutalás")
        _e(header, "penznem", doc.currency)
        _e(header, "szamlaNyelve", LANGUAGES.get(doc.seller.address.country_code, "en"))
        if doc.note:
            _e(header, "megjegyzes", doc.note)
        _e(header, "rendelesSzam", doc.number)
        seller = ET.SubElement(root, f"{{{NS}}}elado")
        if doc.payment and doc.payment.iban:
            _e(seller, "bankszamlaszam", doc.payment.iban)
        buyer = ET.SubElement(root, f"{{{NS}}}vevo")
        address = doc.buyer.address
        _e(buyer, "nev", doc.buyer.name)
        _e(buyer, "orszag", address.country_code)
        _e(buyer, "irsz", address.post_code)
        _e(buyer, "telepules", address.city)
        _e(buyer, "cim", " ".join(part for part in (address.line_one, address.line_two) if part))
        if doc.buyer.contact_email:
            _e(buyer, "email", doc.buyer.contact_email)
            _e(buyer, "sendEmail", False)
        vat = doc.buyer.vat_identifier
        if vat.startswith("HU"):
            _e(buyer, "adoszam", vat[2:])
        elif vat:
            _e(buyer, "adoszamEU", vat)
        lines = ET.SubElement(root, f"{{{NS}}}tetelek")
        for line in doc.lines:
            item = ET.SubElement(lines, f"{{{NS}}}tetel")
            rate = line.vat_rate if line.vat_category == en16931.STANDARD_RATE and line.vat_rate else Decimal(0)
            # The Agent wants VAT per line; EN 16931 rounds it per rate (BR-CO-17), so a line's
            # VAT may differ from the breakdown's share by a minor unit.
            tax = round_amount(line.net_amount * rate / 100, doc.currency)
            _e(item, "megnevezes", line.item_name)
            _e(item, "azonosito", line.identifier)
            _e(item, "mennyiseg", _amount(line.quantity))
            _e(item, "mennyisegiEgyseg", line.unit_code)
            _e(item, "nettoEgysegar", _amount(line.net_price))
            _e(item, "afakulcs", _vat_key(line))
            _e(item, "nettoErtek", _amount(line.net_amount))
            _e(item, "afaErtek", _amount(tax))
            _e(item, "bruttoErtek", _amount(line.net_amount + tax))
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def query_xml(self, number: str) -> bytes:
        """The `xmlszamlaxml` query for the invoice we sent with `rendelesSzam` = `number`."""
        root = ET.Element(f"{{{NS_QUERY}}}xmlszamlaxml")
        self._login(root, NS_QUERY)
        _e(root, "rendelesSzam", number, NS_QUERY)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def _post(self, field: str, xml: bytes):
        response = self.http("POST", self.url, files={field: ("request.xml", xml, "text/xml")})
        if response.status_code == 429 or response.status_code >= 500:
            raise BillingError(
                str(_("Számlázz.hu answered with an error (HTTP %(status)s); it will be tried again.") % {"status": response.status_code}),
                maybe_created=field == FIELD_CREATE and response.status_code != 429,
                retry_after=retry_after_seconds(response),
                status=response.status_code,
            )
        return response

    @staticmethod
    def _error(response) -> BillingError | None:
        code = response.headers.get("szlahu_error_code", "")
        if code:
            message = unquote_plus(response.headers.get("szlahu_error", "")) or str(_("Számlázz.hu refused the request."))
            return BillingError(
                str(_("Számlázz.hu: %(message)s (error code %(code)s)") % {"message": message, "code": code}),
                permanent=True,
                status=response.status_code,
            )
        if not any(name.lower().startswith("szlahu_") for name in response.headers):
            return BillingError(
                str(_("Számlázz.hu gave an answer without a result (HTTP %(status)s).") % {"status": response.status_code}),
                maybe_created=True,
                status=response.status_code,
            )
        return None

    def create(self, request: PushRequest, *, before_send: Callable[[], None] = lambda: None) -> Created:
        xml = self.invoice_xml(request)
        before_send()
        response = self._post(FIELD_CREATE, xml)
        error = self._error(response)
        if error:
            raise error
        number = unquote_plus(response.headers.get("szlahu_szamlaszam", ""))
        return Created(
            external_id=response.headers.get("szlahu_id", "") or number,
            number=number,
            link=unquote_plus(response.headers.get("szlahu_vevoifiokurl", "")),
        )

    def find(self, request: PushRequest) -> Created | None:
        response = self._post(FIELD_QUERY, self.query_xml(request.document.number))
        code = response.headers.get("szlahu_error_code", "")
        if code in CREDENTIAL_ERRORS:
            raise self._error(response)
        if code or not response.content.strip():
            return None  # the Agent knows no invoice with that order number
        try:
            root = ET.fromstring(response.content)
        except ET.ParseError:
            raise BillingError(str(_("Számlázz.hu gave an answer that could not be read.")), status=response.status_code) from None
        base = root.find(f"{{{NS_INVOICE}}}alap")
        if base is None:
            return None
        number = base.findtext(f"{{{NS_INVOICE}}}szamlaszam", "")
        external_id = base.findtext(f"{{{NS_INVOICE}}}id", "")
        return Created(external_id=external_id or number, number=number) if number else None

    def test_connection(self) -> None:
        """Queries an order number nobody uses: the credentials are checked before the lookup, so
        a login error means wrong credentials and "not found" means they work."""
        response = self._post(FIELD_QUERY, self.query_xml("connection-test"))
        code = response.headers.get("szlahu_error_code", "")
        if code in CREDENTIAL_ERRORS:
            raise self._error(response)
        if response.status_code >= 400 and not code:
            raise BillingError(
                str(_("Számlázz.hu answered with an error (HTTP %(status)s).") % {"status": response.status_code}),
                status=response.status_code,
            )
