"""Reads of the billing wing, scoped to an organisation (portal.lib.tenancy)."""

from invoices.models import BillingIntegration, BillingPush
from portal.lib.tenancy import for_org


def integration_of_account(*, org, account) -> BillingIntegration | None:
    """The account's billing integration, or None (also for another organisation's account)."""
    return for_org(BillingIntegration, org).filter(account=account).first()


def push_of_invoice(*, org, invoice) -> BillingPush | None:
    """The invoice's push to the billing system, or None (never pushed, or another organisation's)."""
    return for_org(BillingPush, org).filter(invoice=invoice).first()


def pushes_of_invoices(*, org, invoice_ids) -> dict[int, BillingPush]:
    """The pushes of a page of invoices by invoice id, in one query (for the invoice list)."""
    return {push.invoice_id: push for push in for_org(BillingPush, org).filter(invoice_id__in=list(invoice_ids))}


def pushes_recent(*, org, account, limit: int = 20) -> list[BillingPush]:
    """The account's latest pushes, newest first, with their invoices (one query)."""
    return list(
        for_org(BillingPush, org)
        .filter(integration__account=account)
        .select_related("invoice")
        .order_by("-created_at", "-pk")[:limit]
    )


def invoice_billing_link(*, invoice) -> str:
    """The link to the invoice in the supplier's billing system, for the e-mail to the buyer: empty
    unless the integration puts it in e-mails and the push has created the invoice. (Tasks cross
    tenants by design: the invoice was loaded by id.)"""
    push = BillingPush.objects.select_related("integration").filter(invoice=invoice, state="created").first()
    if push is None or not push.integration.include_link_in_email:
        return ""
    return push.external_link
