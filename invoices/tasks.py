from celery import shared_task
from django.db import DatabaseError

from invoices.services import load_run_execute, loads_refresh


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=6)
def invoice_status_load(run_id: int) -> None:
    """Loads one run; safe to run again (after a crash, a retry or a duplicate message)."""
    load_run_execute(run_id=run_id)


@shared_task(acks_late=True)
def invoice_statuses_refresh() -> int:
    """Run by beat: every relationship's statuses, incrementally."""
    return loads_refresh()
