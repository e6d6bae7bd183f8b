"""Settings → Integration (per supplier account): administrators change it; members and
read-only members see that an integration exists, never its credentials."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.utils.translation import gettext as _

from invoices.billing.forms import BillingIntegrationForm
from invoices.billing.registry import ADAPTERS
from invoices.billing.selectors import integration_of_account, pushes_recent
from invoices.billing.services import billing_connection_test, billing_integration_save, billing_push_retry
from invoices.models import BillingPush
from portal.lib.tenancy import get_object_for_org_or_404, member_required, membership_of, role_check
from suppliers.models import Membership, SupplierAccount


@member_required
def integration_settings(request, account_code):
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=account_code)
    role_check(request, Membership.Role.ADMIN)
    integration = integration_of_account(org=request.org, account=account)
    context = {
        "edited_account": account,
        "integration": integration,
        "pushes": pushes_recent(org=request.org, account=account) if integration else [],
    }
    if integration:
        context["system_label"] = ADAPTERS[integration.system].label if integration.system in ADAPTERS else integration.system
    if not membership_of(request).is_admin:
        return render(request, "billing/integration_summary.html", context)
    form = BillingIntegrationForm(request.POST or None, saved=integration)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "test":
            error = billing_connection_test(system=data["system"], credentials=data["credentials"])
            context["test_error"] = error
            context["test_passed"] = error is None
        else:
            billing_integration_save(
                account=account,
                system=data["system"],
                credentials=data["credentials"],
                issue_zero_total=data["issue_zero_total"],
                auto_push=data["auto_push"],
                include_link_in_email=data["include_link_in_email"],
            )
            messages.success(request, _("The integration has been saved."))
            return redirect("invoices:billing-integration", account_code=account.code)
    return render(request, "billing/integration.html", {**context, "form": form})


@require_GET
@member_required
def push_detail(request, push_code):
    """The push's line on the invoice page and list (an htmx fragment that refreshes itself)."""
    push = get_object_for_org_or_404(BillingPush, request.org, code=push_code)
    return render(request, "billing/_invoice_push.html", {"push": push})


@require_POST
@member_required
def push_retry(request, push_code):
    push = get_object_for_org_or_404(BillingPush, request.org, code=push_code)
    role_check(request, Membership.Role.MEMBER)
    push = billing_push_retry(push=push)
    if request.htmx:
        return render(request, "billing/_invoice_push.html", {"push": push})
    messages.success(request, _("The invoice will be created in the billing system again."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "home"
    return redirect(next_url)
