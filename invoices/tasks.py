from celery import shared_task
from django.db import DatabaseError

# The module, not its names: services enqueue these tasks, so either module may be imported first.
from invoices import services


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=6)
def invoice_status_load(run_id: int) -> None:
    """Loads one run; safe to run again (after a crash, a retry or a duplicate message)."""
    services.load_run_execute(run_id=run_id)


@shared_task(acks_late=True)
def invoice_statuses_refresh() -> int:
    """Run by beat: every relationship's statuses, incrementally."""
    return services.loads_refresh()


@shared_task(acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=6)
def invoice_deliver(invoice_id: int, delivery_round: int) -> str:
    """E-mails one delivery round of a sent invoice; safe to run again (once per round)."""
    from invoices.documents import delivery

    return delivery.invoice_deliver(invoice_id=invoice_id, delivery_round=delivery_round)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=6)
def test_buyer_advance(invoice_id: int, to_status: str) -> bool:
    """The test buyer's next move on an invoice sent to it (Approved, then Paid); idempotent."""
    from invoices.documents import services as documents

    return documents.test_buyer_advance(invoice_id=invoice_id, to_status=to_status)
@shared_task(bind=True, acks_late=True, max_retries=3)
def status_export_write(self, export_id: int) -> None:
    """Writes one export's file (on the `exports` queue: a long export delays no e-mail); safe to
    run again. Retried with backoff after a database or disk error."""
    try:
        services.status_export_write(export_id=export_id)
    except (DatabaseError, OSError) as error:
        raise self.retry(exc=error, countdown=2**self.request.retries) from error


@shared_task(acks_late=True)
def status_exports_remove() -> int:
    """Run by beat: exports older than a day go, with their files."""
    return services.status_exports_remove()
