from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from invoices.documents.selectors import failed_count, failed_invoices, saved_invoices
from invoices.models import Invoice
from invoices.selectors import invoice_summary, load_state, status_rows
from portal.lib.tenancy import member_required
from portal.selectors import attention_rows, home_cards
from suppliers.services import user_language_set


@require_safe
@member_required
def home(request):
    counts = invoice_summary(org=request.org, account=request.account).counts
    failed = failed_count(org=request.org)
    context = {
        "cards": home_cards(),
        "attention": attention_rows(org=request.org, status_counts=counts, failed_invoices=failed),
        "status_rows": status_rows(counts),
        # The table reads rows only when the summary counts some.
        "failed_invoices": _failures_explained(failed_invoices(org=request.org)) if failed else [],
        "saved_invoices": saved_invoices(org=request.org, account=request.account),
        **load_state(org=request.org, account=request.account),
    }
    return render(request, "portal/home.html", context)


def _failures_explained(rows: list[dict]) -> list[dict]:
    """Each failed row's reason in the reader's language (stored in English)."""
    for row in rows:
        row["failure_text"] = Invoice(delivery_failure=row["delivery_failure"]).delivery_failure_text
    return rows


@require_safe
def help_page(request):
    return render(request, "portal/help.html")


@require_POST
def language_set(request):
    """Django's set_language, which also saves the choice as a signed-in user's preference."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
