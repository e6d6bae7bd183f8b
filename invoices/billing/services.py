"""Writes of the billing wing: the integration's settings, testing a connection, and the push
outbox (exactly once: DESIGN.md "Billing push: exactly once")."""

from django.db import transaction

from invoices.billing.base import BillingError
from invoices.billing.registry import adapter_class
from invoices.models import BillingIntegration


def billing_integration_save(
    *,
    account,
    system: str,
    credentials: dict[str, str],
    issue_zero_total: bool,
    auto_push: bool,
    include_link_in_email: bool,
) -> BillingIntegration:
    """Creates or updates the account's integration; `credentials` are stored encrypted, whole
    (the form has already kept the saved secrets that were left empty)."""
    with transaction.atomic():
        integration = (
            BillingIntegration.objects.select_for_update().filter(account=account).first()
            or BillingIntegration(account=account)
        )
        integration.system = system
        integration.credentials_set(credentials)
        integration.issue_zero_total = issue_zero_total
        integration.auto_push = auto_push
        integration.include_link_in_email = include_link_in_email
        integration.organisation_stamp()
        integration.full_clean()
        integration.save()
    return integration


def billing_connection_test(*, system: str, credentials: dict[str, str]) -> str | None:
    """None when the billing system accepts the credentials (a harmless authenticated call),
    else its own error in plain words (never containing the credentials)."""
    try:
        adapter_class(system)(credentials).test_connection()
    except BillingError as error:
        return error.message
    return None
