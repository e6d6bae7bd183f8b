from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from invoices.charts import payment_chart
from invoices.forms import InvoiceSearchForm, StatusFilterForm
from invoices.models import StatusExport
from invoices.selectors import (
    MIN_BEFORE_WILDCARD,
    SEARCH_LIMIT,
    invoice_status_get,
    invoice_summary,
    invoices_search,
    load_state,
    payment_weeks,
    status_rows,
    statuses_filtered,
    statuses_page,
    status_export_get,
)
from invoices.services import status_export_request
from portal.lib.tenancy import member_required


def _filter_form(request, summary) -> StatusFilterForm:
    return StatusFilterForm(request.GET or None, buyers=summary.buyers)


def _status_page(request, form: StatusFilterForm, summary, *, status: int = 200):
    filters = form.filters()
    rows = statuses_filtered(org=request.org, account=request.account, filters=filters)
    page = statuses_page(rows, sort=(filters or {}).get("sort") or "-invoice_date", cursor=request.GET.get("after", ""))
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "status_rows": status_rows(summary.counts),
        **load_state(org=request.org, account=request.account),
    }
    return render(request, "invoices/status_list.html", context, status=status)


@require_safe
@member_required
def status_list(request):
    """Where is my invoice?"""
    summary = invoice_summary(org=request.org, account=request.account)
    return _status_page(request, _filter_form(request, summary), summary)


@require_POST
@member_required
def status_export(request):
    """Asks for the filtered list (the filters in the query string, as the list's) as a CSV file,
    which a task writes; read-only members too: an export only reads. With a filter that cannot be
    read, the list page and its error (400), never a file of more rows than asked for."""
    summary = invoice_summary(org=request.org, account=request.account)
    form = _filter_form(request, summary)
    filters = form.filters()
    if filters is None:
        return _status_page(request, form, summary, status=400)
    export = status_export_request(org=request.org, account=request.account, user=request.user, filters=filters)
    return redirect("invoices:export", export_code=export.code)


@require_safe
@member_required
def export_detail(request, export_code):
    """The export's progress (the fragment alone for htmx, which polls it while the file is being
    written), then its download link."""
    export = status_export_get(org=request.org, code=export_code)
    template = "invoices/_export.html" if request.htmx else "invoices/export.html"
    return render(request, template, {"export": export})


@require_safe
@member_required
def export_download(request, export_code):
    """The export's file, once written (404 before, and after it has been removed)."""
    export = status_export_get(org=request.org, code=export_code)
    if export.state != StatusExport.State.READY:
        raise Http404
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, ValueError):  # removed meanwhile; ValueError: no file recorded
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=export.filename, content_type="text/csv; charset=utf-8")


@require_safe
@require_safe
@member_required
def payments(request):
    """When will I get paid?"""
    today = timezone.localdate()
    weeks = payment_weeks(org=request.org, account=request.account, today=today)
    charts = [payment_chart(currency_weeks, today=today) for currency_weeks in weeks]
    return render(
        request, "invoices/payments.html", {"charts": charts, **load_state(org=request.org, account=request.account)}
    )


@require_safe
@require_safe
@member_required
def loads(request):
    """The progress fragment htmx polls while loads run."""
    return render(request, "invoices/_loads.html", load_state(org=request.org, account=request.account))


@require_safe
@require_safe
@member_required
def search(request):
    form = InvoiceSearchForm(request.GET)
    hits = invoices_search(org=request.org, query=form.cleaned_data["q"]) if form.is_valid() else None
    # An exact number found nothing: offer the numbers that start with it, which a "*" finds.
    query = form.cleaned_data["q"].strip() if hits is not None and not hits.rows else ""
    prefix_query = f"{query}*" if len(query) >= MIN_BEFORE_WILDCARD and "*" not in query else ""
    context = {"search_query": request.GET.get("q", ""), "hits": hits, "limit": SEARCH_LIMIT, "prefix_query": prefix_query}
    return render(request, "invoices/search.html", context)


@require_safe
@member_required
def invoice_detail(request, account_code, buyer_number, invoice_number):
    status = invoice_status_get(
        org=request.org, account_code=account_code, buyer_number=buyer_number, invoice_number=invoice_number
    )
    return render(request, "invoices/invoice_detail.html", {"invoice": status})
