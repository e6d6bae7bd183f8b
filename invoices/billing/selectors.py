"""Reads of the billing wing, scoped to an organisation (portal.lib.tenancy)."""

from invoices.models import BillingIntegration
from portal.lib.tenancy import for_org


def integration_of_account(*, org, account) -> BillingIntegration | None:
    """The account's billing integration, or None (also for another organisation's account)."""
    return for_org(BillingIntegration, org).filter(account=account).first()
