"""The one small interface every billing system's adapter implements (one module per system,
listed in `invoices.billing.registry`).

An adapter is built from the integration's decrypted credentials and answers four things:
`create` the invoice, `find` it by our own id (the push request's ids), `test_connection` with a
harmless authenticated call, and, through the `BillingError` it raises, whether a failure is
permanent (validation, credentials: retrying cannot help) or temporary (timeout, 5xx, 429).

Typed data in (`PushRequest`: the EN 16931 `Document` plus our ids), typed data out (`Created`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from invoices.documents.en16931 import Document


@dataclass(frozen=True)
class CredentialField:
    """One thing the settings form asks for. `secret` ones are never shown back."""

    name: str
    label: str
    secret: bool = False
    required: bool = True
    kind: str = "text"  # "text", "url" or "integer"
    help_text: str = ""


@dataclass(frozen=True)
class PushRequest:
    """What is pushed: our invoice's UUID (the billing system's external id), our push's UUID
    (the webhook-id: stable across retries) and the invoice as the EN 16931 model. `ubl` is the
    invoice's UBL XML (bytes) when the writer made one."""

    invoice_id: UUID
    push_id: UUID
    document: Document
    ubl: bytes = b""


@dataclass(frozen=True)
class Created:
    """An invoice as the billing system holds it: its own id, its number and a link to it
    (the buyer's view or PDF), any of them possibly empty."""

    external_id: str = ""
    number: str = ""
    link: str = ""


@dataclass
class BillingError(Exception):
    """A call to a billing system failed. `message` is the billing system's own words (or ours,
    in plain words, never a secret). `permanent`: retrying the same request cannot help (bad
    data, wrong credentials). `maybe_created`: the request may have been carried out although
    we got no answer (timeout, connection lost, 5xx), or anything failed after the creating
    request succeeded, so the next attempt must `find` first.
    `retry_after`: seconds the billing system asked us to wait (429 Retry-After)."""

    message: str
    permanent: bool = False
    maybe_created: bool = False
    retry_after: float | None = None
    status: int | None = field(default=None)

    def __str__(self) -> str:
        return self.message


class Adapter:
    """Base class: subclasses set `system`, `label` and `credential_fields` and implement the
    three calls. The credentials dict holds the fields' values, decrypted."""

    system: str = ""
    label: str = ""
    credential_fields: tuple[CredentialField, ...] = ()
    sends_ubl: bool = False  # whether `create` needs the request's UBL

    def __init__(self, credentials: dict[str, str], *, timeout: float | None = None):
        self.credentials = credentials
        self.timeout = timeout if timeout is not None else settings.BILLING_TIMEOUT

    @classmethod
    def credentials_missing(cls, values: dict[str, str]) -> list[str]:
        """The names of the required credential fields left empty in `values`."""
        return [field.name for field in cls.credential_fields if field.required and not values.get(field.name)]

    def create(self, request: PushRequest, *, before_send: Callable[[], None] = lambda: None) -> Created:
        """Creates the invoice. `before_send` is called just before the request that creates it
        (after any harmless lookups), so the caller can record the send first; it may raise
        to stop."""
        raise NotImplementedError

    def find(self, request: PushRequest) -> Created | None:
        """The invoice created for `request` earlier, or None when the billing system has none."""
        raise NotImplementedError

    def test_connection(self) -> None:
        """Returns when the credentials work; raises BillingError with the system's own message."""
        raise NotImplementedError

    # Shared HTTP plumbing: a timeout or a dropped connection is an unknown outcome.
    def http(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            return requests.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout:
            raise BillingError(
                str(_("%(system)s did not answer in time.") % {"system": self.label}),
                maybe_created=method != "GET",
            ) from None
        except requests.ConnectionError:
            raise BillingError(
                str(_("The connection to %(system)s was lost.") % {"system": self.label}),
                maybe_created=method != "GET",
            ) from None


def retry_after_seconds(response: requests.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds form), or None."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
