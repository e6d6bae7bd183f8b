"""Delivery: a sent invoice e-mailed to its buyer's AP contact with the Factur-X PDF and the
Peppol BIS 3 UBL attached, exactly once per delivery round (portal.lib.emails.email_send claims
the event "invoice_delivery:<uuid>:<round>"), then recorded Delivered or Failed with the reason.

Run by the Celery task invoices.tasks.invoice_deliver, enqueued when a send or resend commits.
"""

import smtplib

from invoices.documents import facturx, services, ubl
from invoices.documents.mapping import invoice_language, to_en16931
from invoices.models import DeliveryState, Invoice
from invoices.models.documents import MAIL_REFUSED, NO_AP_ADDRESS
from portal.lib.emails import absolute_url, email_send

# The mail server said no for good: a retry would be refused the same way.
REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def attachments(invoice: Invoice) -> tuple[tuple[str, bytes, str], ...]:
    """(file name, content, MIME type) of the Factur-X PDF (in the invoice's language) and the
    UBL XML of a sent invoice. Raises ValueError when the document cannot be written."""
    doc = to_en16931(invoice)
    name = invoice.number.replace("/", "-")
    return (
        (f"{name}.pdf", facturx.render(doc, invoice_language(invoice)), "application/pdf"),
        (f"{name}.xml", ubl.write(doc), "application/xml"),
    )


def invoice_deliver(*, invoice_id: int, delivery_round: int) -> str:
    """E-mails delivery round ``delivery_round`` of the invoice and records the outcome; returns
    the delivery state after it ("delivered", "failed", or the state found when there was
    nothing to do: a stale round, a round already recorded).

    A refusal by the mail server (SMTPRecipientsRefused, SMTPSenderRefused, SMTPDataError) is a
    failure with its reason; other OSError and SMTPException propagate, so the task retries
    (email_send released its claim, so the retry e-mails)."""
    invoice = Invoice.objects.select_related("account", "buyer", "preceding_invoice").filter(pk=invoice_id).first()
    if invoice is None:
        return ""
    if invoice.delivery_round != delivery_round or invoice.delivery_state != DeliveryState.SENT:
        return invoice.delivery_state
    buyer = invoice.buyer
    recipient = buyer.ap_contact_email
    language = buyer.ap_contact_language
    if not recipient:
        failure = NO_AP_ADDRESS
        services.delivery_record(invoice_id=invoice.pk, delivery_round=delivery_round, recipient="", failure=failure)
        return DeliveryState.FAILED
    try:
        email_send(
            to=recipient,
            template="invoice_delivery",
            context={
                "invoice": invoice,
                "account": invoice.account,
                "buyer": buyer,
                "portal_url": absolute_url("/"),
            },
            event=f"invoice_delivery:{invoice.uuid}:{delivery_round}",
            language=language,
            attachments=attachments(invoice),
        )
    except REFUSALS as error:
        failure = f"{MAIL_REFUSED} {_smtp_reason(error)}"
        services.delivery_record(invoice_id=invoice.pk, delivery_round=delivery_round, recipient=recipient, failure=failure)
        return DeliveryState.FAILED
    # Sent now, or by an earlier run of this round (email_send sends once per event).
    services.delivery_record(invoice_id=invoice.pk, delivery_round=delivery_round, recipient=recipient)
    return DeliveryState.DELIVERED


def _smtp_reason(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}" for code, message in error.recipients.values()]
        return "; ".join(codes)
    message = getattr(error, "smtp_error", b"")
    text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
    return f"{getattr(error, 'smtp_code', '')} {text}".strip()
