"""Invoices' answers to connections' signals (connected in InvoicesConfig.ready)."""

from django.dispatch import receiver

from connections.signals import relationship_verified
from invoices.services import load_queue


@receiver(relationship_verified, dispatch_uid="invoices.load_queue")
def _load_queue(sender, *, relationship, **kwargs) -> None:
    load_queue(relationship=relationship)
