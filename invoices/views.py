from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from invoices.exports import statuses_csv
from invoices.forms import InvoiceSearchForm, StatusFilterForm
from invoices.selectors import (
    invoice_summary,
    invoices_search,
    load_state,
    payment_weeks,
    status_rows,
    statuses_filtered,
    statuses_page,
)
from portal.tenancy import member_required

CSV_HEADER = [
    "invoice_number", "customer", "customer_network_number", "invoice_date", "amount", "currency",
    "status", "po_number", "due_date", "reason", "payment_date", "payment_reference",
]


def _filtered(request, form):
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return statuses_filtered(org=request.org, account=request.account, filters=filters), filters


@require_safe
@member_required
def status_list(request):
    """Where is my invoice?"""
    summary = invoice_summary(org=request.org, account=request.account)
    form = StatusFilterForm(request.GET or None, buyers=summary.buyers)
    rows, filters = _filtered(request, form)
    page = statuses_page(rows, sort=filters.get("sort") or "-invoice_date", cursor=request.GET.get("after", ""))
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "status_rows": status_rows(summary.counts),
        **load_state(org=request.org, account=request.account),
    }
    return render(request, "invoices/status_list.html", context)


@require_safe
@member_required
def status_export(request):
    summary = invoice_summary(org=request.org, account=request.account)
    form = StatusFilterForm(request.GET or None, buyers=summary.buyers)
    rows, _filters = _filtered(request, form)
    response = StreamingHttpResponse(statuses_csv(rows, CSV_HEADER), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invoice-statuses.csv"'
    return response


@require_safe
@member_required
def payments(request):
    """When will I get paid?"""
    weeks = payment_weeks(org=request.org, account=request.account, today=timezone.localdate())
    currencies = sorted({currency for week in weeks for currency in week.totals})
    return render(request, "invoices/payments.html", {"weeks": weeks, "currencies": currencies, "chart": _chart(weeks, currencies), **load_state(org=request.org, account=request.account)})


def _chart(weeks, currencies) -> dict:
    """Bar positions for the SVG: one bar per week and currency, scaled per currency."""
    width, height, gap = 40, 160, 4
    bars = []
    for index, week in enumerate(weeks):
        for slot, currency in enumerate(currencies):
            peak = max((w.totals.get(currency, 0) for w in weeks), default=0) or 1
            total = week.totals.get(currency, 0)
            bar_height = round(height * float(total) / float(peak))
            bar_width = (width - gap) / max(len(currencies), 1)
            bars.append(
                {
                    "x": index * width + slot * bar_width,
                    "y": height - bar_height,
                    "width": bar_width - 1,
                    "height": bar_height,
                    "kind": week.kind,
                    "label": f"{date_format(week.week, 'SHORT_DATE_FORMAT')} {number_format(total, 2)} {currency}",
                }
            )
    return {"bars": bars, "width": width * len(weeks), "height": height, "today_x": 8 * width}


@require_safe
@member_required
def loads(request):
    """The progress fragment htmx polls while loads run."""
    return render(request, "invoices/_loads.html", load_state(org=request.org, account=request.account))


@require_safe
@member_required
def search(request):
    form = InvoiceSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = invoices_search(org=request.org, query=query)
    message = "" if results is not None else _(
        "Type an invoice, PO or transaction number, or the start of one followed by * (at least three characters before it)."
    )
    return render(request, "invoices/search.html", {"query": query, "results": results, "message": message})
