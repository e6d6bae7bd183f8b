"""A signed webhook, for every billing system without an adapter of its own.

The invoice is POSTed as JSON (the EN 16931 model, amounts as decimal strings in the currency's
major unit, and its UBL XML in base64 when there is one) to the supplier's URL, signed as the
Standard Webhooks specification describes (https://www.standardwebhooks.com, spec v1):
- `webhook-id`: our push's UUID, the same on every retry, so the receiver can deduplicate;
- `webhook-timestamp`: seconds since the Unix epoch, for the receiver's replay window
  (`REPLAY_WINDOW`, five minutes);
- `webhook-signature`: `v1,` + base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")).
The secret is the `whsec_`-prefixed base64 key the spec describes (any other text is used as its
UTF-8 bytes). The receiver answers 2xx with JSON `{"id": ..., "number": ..., "link": ...}`.

Because the receiver deduplicates by `webhook-id`, sending the same push again is how we "find"
it: `find` returns None and the next `create` gets the receiver's first answer back.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

from invoices.billing.base import Adapter, BillingError, Created, CredentialField, PushRequest, retry_after_seconds
from portal.lib.http import host_is_public

PRIVATE_ADDRESS = _(
    "The portal sends webhooks only to public internet addresses: this one is on a private or local "
    "network, or its name does not resolve."
)


def receiver_url_allowed(url: str) -> bool:
    """Whether the worker may post to `url`: a public address (portal.lib.http.host_is_public),
    or any address where BILLING_WEBHOOK_PRIVATE_ADDRESSES is on."""
    return settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES or host_is_public(url)

REPLAY_WINDOW = 5 * 60  # seconds


def secret_bytes(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: base64 after `whsec_`, else the text itself."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value (`v1,<base64 HMAC-SHA256>`) for one message."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()).decode()


def signature_verify(secret: str, headers, body: bytes, *, now: float | None = None) -> bool:
    """Whether `headers` (webhook-id, webhook-timestamp, webhook-signature) sign `body` with
    `secret` within the replay window: what a receiver does (README shows it standalone)."""
    try:
        timestamp = int(headers["webhook-timestamp"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > REPLAY_WINDOW:
        return False
    expected = signature(secret, headers.get("webhook-id", ""), timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in headers.get("webhook-signature", "").split())


class WebhookAdapter(Adapter):
    system = "webhook"
    label = "Webhook"
    sends_ubl = True
    credential_fields = (
        CredentialField("url", _("Receiver URL"), kind="url"),
        CredentialField(
            "secret",
            _("Signing secret"),
            secret=True,
            help_text=_("Shared with the receiver, which checks each message's signature (Standard Webhooks)."),
        ),
    )

    def _send(self, webhook_id: str, payload: dict) -> dict:
        body = json.dumps(payload, cls=DjangoJSONEncoder).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(self.credentials.get("secret", ""), webhook_id, timestamp, body),
        }
        url = self.credentials.get("url", "")
        if not receiver_url_allowed(url):
            raise BillingError(str(PRIVATE_ADDRESS), permanent=True)
        # No redirects: a public receiver must not bounce the post to a private address.
        response = self.http("POST", url, data=body, headers=headers, allow_redirects=False)
        status = response.status_code
        if status < 300:
            try:
                return response.json() if response.content else {}
            except ValueError:
                return {}
        text = response.text[:200].strip()
        if status == 429 or status >= 500:
            raise BillingError(
                str(_("The receiver answered with an error (HTTP %(status)s); it will be tried again.") % {"status": status}),
                maybe_created=True,
                retry_after=retry_after_seconds(response),
                status=status,
            )
        if status in (401, 403):
            message = _("The receiver refused the signature (HTTP %(status)s): check the signing secret.") % {"status": status}
        else:
            message = _("The receiver refused the invoice (HTTP %(status)s): %(text)s") % {"status": status, "text": text}
        raise BillingError(str(message), permanent=True, status=status)

    def create(self, request: PushRequest, *, before_send: Callable[[], None] = lambda: None) -> Created:
        payload = {
            "type": "invoice.sent",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "data": {
                "invoice_id": request.invoice_id,
                "invoice": asdict(request.document),
                "ubl": base64.b64encode(request.ubl).decode() if request.ubl else "",
            },
        }
        before_send()
        answer = self._send(str(request.push_id), payload)
        return Created(
            external_id=str(answer.get("id", "")),
            number=str(answer.get("number", "")),
            link=str(answer.get("link", "")),
        )

    def find(self, request: PushRequest) -> Created | None:
        return None

    def test_connection(self) -> None:
        if not self.credentials.get("url"):
            raise BillingError(str(_("Enter the receiver's URL.")), permanent=True)
        self._send(f"test-{uuid.uuid4()}", {"type": "ping", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "data": {}})
