"""Signals of the documents wing."""

from django.dispatch import Signal

# Sent by invoices.documents.services.invoice_send inside the send transaction, once the invoice
# is numbered and frozen: sender=Invoice, invoice=<the sent Invoice>, acting_user=<User>.
# Receivers that reach outside the database (billing pushes) enqueue on commit.
invoice_sent = Signal()
