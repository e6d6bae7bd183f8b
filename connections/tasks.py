"""Connections' background work, thin: each task loads by id and calls a notifications or services
function, which is safe to run twice. E-mails are retried when the mail server fails."""

from celery import shared_task

# Modules, not names: services enqueue these tasks and requests_expire calls a service, so either
# module may be imported first.
from connections import notifications, services

RETRIED = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRIED)
def buyer_email_send(request_id: int) -> None:
    notifications.buyer_email_send(request_id=request_id)


@shared_task(**RETRIED)
def buyer_reminders_send() -> int:
    """Run by beat."""
    return notifications.buyer_reminders_send()


@shared_task(acks_late=True)
def requests_expire() -> int:
    """Run by beat."""
    return services.requests_expire_due()


@shared_task(**RETRIED)
def supplier_email_send(request_id: int, event: str) -> None:
    notifications.supplier_email_send(request_id=request_id, event=event)


@shared_task(**RETRIED)
def request_received_email_send(request_id: int) -> None:
    notifications.request_received_email_send(request_id=request_id)


@shared_task(**RETRIED)
def buyer_identity_email_send(relationship_id: int) -> None:
    notifications.buyer_identity_email_send(relationship_id=relationship_id)
