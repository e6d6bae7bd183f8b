"""Billingo API v3.

Source: Billingo's OpenAPI document, version 3.0.14 (../shared/billing-definitions/billingo/), and
its API guide (X-API-KEY header; rate limits answered with 429, `Retry-After` and the
`X-RateLimit-Limit/Remaining/Reset` headers on every answer).

A push: the buyer as a partner (found by tax number, else by name, else created), then
`POST /documents` with our invoice's UUID as `vendor_id` and our number in the comment, then
`GET /documents/{id}/public-url` for the link. `vendor_id` is not unique on Billingo's side, so
`find` asks `GET /documents/vendor/{vendor_id}` and checks that what it gets is ours (our number
in the comment, the buyer, the gross total) before the service decides not to create again.
Errors come back in plain words: 422's field errors, `{"error": {"message": ...}}` otherwise.
"""

import time
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from invoices.billing.base import Adapter, BillingError, Created, CredentialField, PushRequest, retry_after_seconds
from invoices.documents import en16931

# Billingo's VAT keys for the EN 16931 categories without a percentage (BT-151).
VAT_KEYS = {
    en16931.ZERO_RATED: "0%",
    en16931.EXEMPT: "TAM",  # tárgyi adómentes
    en16931.REVERSE_CHARGE: "FAD",  # fordított adózás
    en16931.INTRA_COMMUNITY: "EU",
    en16931.EXPORT: "EUK",
    en16931.OUTSIDE_SCOPE: "ÁTHK",  # áfa törvény tárgyi hatályán kívül
}
LANGUAGES = {"HU": "hu", "DE": "de", "AT": "de", "FR": "fr", "IT": "it", "RO": "ro", "SK": "sk", "HR": "hr"}


def _vat(line: en16931.Line) -> str:
    if line.vat_category == en16931.STANDARD_RATE and line.vat_rate is not None:
        return format(line.vat_rate.normalize(), "f").replace(".", ",") + "%"
    return VAT_KEYS.get(line.vat_category, "0%")


class BillingoAdapter(Adapter):
    system = "billingo"
    label = "Billingo"
    credential_fields = (
        CredentialField("api_key", _("API key"), secret=True, help_text=_("Billingo → Settings → API (API v3 key).")),
        CredentialField(
            "block_id",
            _("Invoice pad ID"),
            required=False,
            kind="integer",
            help_text=_("The document block to number the invoices in; empty: the first invoice pad."),
        ),
    )

    @property
    def url(self) -> str:
        return settings.BILLINGO_API_URL.rstrip("/")

    def _call(self, method: str, path: str, **kwargs):
        wait = self._rate_limited_until - time.time()
        if wait > 0:
            # The window's requests are used up: the push is retried after its reset, not sent now.
            raise BillingError(str(_("Billingo: too many requests; it will be tried again.")), retry_after=wait, status=429)
        response = self.http(
            method,
            self.url + path,
            headers={"X-API-KEY": self.credentials.get("api_key", ""), "Accept": "application/json"},
            **kwargs,
        )
        self._note_rate_limit(response)
        if response.status_code < 400 or response.status_code == 404:
            return response
        message = self._message(response)
        if response.status_code == 429:
            raise BillingError(
                str(_("Billingo: too many requests; it will be tried again.")),
                retry_after=retry_after_seconds(response),
                status=429,
            )
        if response.status_code >= 500:
            raise BillingError(
                str(_("Billingo answered with an error (HTTP %(status)s): %(message)s") % {"status": response.status_code, "message": message}),
                maybe_created=method == "POST",
                status=response.status_code,
            )
        raise BillingError(str(_("Billingo: %(message)s") % {"message": message}), permanent=True, status=response.status_code)

    _rate_limited_until = 0.0

    def _note_rate_limit(self, response) -> None:
        """When an answer says the window's requests are used up (X-RateLimit-Remaining 0), no
        further call is made before its reset (X-RateLimit-Reset, a Unix timestamp)."""
        if response.headers.get("X-RateLimit-Remaining") != "0":
            return
        try:
            self._rate_limited_until = float(response.headers.get("X-RateLimit-Reset", ""))
        except ValueError:
            self._rate_limited_until = time.time() + 60

    @staticmethod
    def _message(response) -> str:
        try:
            body = response.json()
        except ValueError:
            return str(_("HTTP %(status)s") % {"status": response.status_code})
        if isinstance(body, dict):
            errors = body.get("errors")
            if isinstance(errors, list) and errors:
                return "; ".join(
                    f"{error.get('field')}: {error.get('message')}" if error.get("field") else str(error.get("message"))
                    for error in errors
                    if isinstance(error, dict)
                )
            error = body.get("error")
            if isinstance(error, dict) and error.get("message"):
                return str(error["message"])
            if body.get("message"):
                return str(body["message"])
        return str(_("HTTP %(status)s") % {"status": response.status_code})

    def _partner_id(self, buyer: en16931.Party) -> int:
        taxcode = buyer.vat_identifier
        found = self._call("GET", "/partners", params={"query": taxcode or buyer.name, "per_page": 100}).json()
        for partner in found.get("data", []):
            if (taxcode and partner.get("taxcode") == taxcode) or (not taxcode and partner.get("name") == buyer.name):
                return partner["id"]
        address = buyer.address
        partner = {
            "name": buyer.name,
            "address": {
                "country_code": address.country_code,
                "post_code": address.post_code,
                "city": address.city,
                "address": " ".join(part for part in (address.line_one, address.line_two) if part),
            },
            "emails": [buyer.contact_email] if buyer.contact_email else [],
            "taxcode": taxcode,
        }
        return self._call("POST", "/partners", json=partner).json()["id"]

    def _block_id(self) -> int:
        if self.credentials.get("block_id"):
            return int(self.credentials["block_id"])
        blocks = self._call("GET", "/document-blocks", params={"type": "invoice"}).json().get("data", [])
        if not blocks:
            raise BillingError(str(_("Billingo: the account has no invoice pad.")), permanent=True)
        return blocks[0]["id"]

    def document_body(self, request: PushRequest, *, partner_id: int, block_id: int) -> dict:
        """The `DocumentInsert` body for `request` (valid against Billingo's OpenAPI schema)."""
        doc = request.document
        return {
            "vendor_id": str(request.invoice_id),
            "partner_id": partner_id,
            "block_id": block_id,
            "type": "invoice",
            "fulfillment_date": (doc.delivery_date or doc.issue_date).isoformat(),
            "due_date": (doc.due_date or doc.issue_date).isoformat(),
            "payment_method": "wire_transfer",
            "language": LANGUAGES.get(doc.seller.address.country_code, "en"),
            "currency": doc.currency,
            "electronic": False,
            "paid": False,
            "comment": doc.number,
            "items": [
                {
                    "name": line.item_name,
                    "unit_price": float(line.net_price),
                    "unit_price_type": "net",
                    "quantity": float(line.quantity),
                    "unit": line.unit_code,
                    "vat": _vat(line),
                }
                for line in doc.lines
            ],
        }

    def _created(self, document: dict) -> Created:
        response = self._call("GET", f"/documents/{document['id']}/public-url")
        link = response.json().get("public_url", "") if response.status_code == 200 else ""
        return Created(external_id=str(document["id"]), number=document.get("invoice_number", ""), link=link)

    def create(self, request: PushRequest, *, before_send: Callable[[], None] = lambda: None) -> Created:
        body = self.document_body(request, partner_id=self._partner_id(request.document.buyer), block_id=self._block_id())
        before_send()
        document = self._call("POST", "/documents", json=body).json()
        try:
            return self._created(document)
        except BillingError as error:
            # The document exists: whatever failed after it, the next attempt must find it.
            error.maybe_created = True
            raise

    def find(self, request: PushRequest) -> Created | None:
        response = self._call("GET", f"/documents/vendor/{request.invoice_id}")
        if response.status_code == 404:
            return None
        document = response.json()
        doc = request.document
        partner = document.get("partner") or {}
        ours = (
            doc.number in (document.get("comment") or "")
            and (partner.get("taxcode") or "") == doc.buyer.vat_identifier
            and abs(Decimal(str(document.get("gross_total", 0))) - doc.totals.tax_inclusive) < Decimal("0.01")
        )
        if not ours:
            raise BillingError(
                str(
                    _("Billingo holds document %(number)s under this invoice's id, but its number, partner or total differ: check it in Billingo.")
                    % {"number": document.get("invoice_number", "?")}
                ),
                permanent=True,
            )
        return self._created(document)

    def test_connection(self) -> None:
        self._call("GET", "/utils/time")
