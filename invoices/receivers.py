"""Invoices' answers to connections' and the documents wing's signals (connected in InvoicesConfig.ready)."""

from django.dispatch import receiver

from connections.signals import relationship_verified
from invoices.billing.services import billing_push_create
from invoices.documents.signals import invoice_sent
from invoices.services import load_queue


@receiver(relationship_verified, dispatch_uid="invoices.load_queue")
def _load_queue(sender, *, relationship, **kwargs) -> None:
    load_queue(relationship=relationship)


@receiver(invoice_sent, dispatch_uid="invoices.billing_push_create")
def _billing_push_create(sender, *, invoice, **kwargs) -> None:
    billing_push_create(invoice=invoice)
