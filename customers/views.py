from django.shortcuts import render
from django.views.decorators.http import require_safe

from customers.selectors import MIN_QUERY_LENGTH, directory_search
from portal.lib.tenancy import member_required

SHOWN = 10


@require_safe
@member_required
def search(request):
    """The directory type-ahead: htmx asks for the results fragment; without JavaScript the same
    form submits here and gets the whole page. One hit more than is shown tells whether to ask
    for a narrower search."""
    query = request.GET.get("q", "").strip()
    hits = directory_search(query, limit=SHOWN + 1)
    context = {
        "query": query,
        "hits": hits[:SHOWN],
        "more": len(hits) > SHOWN,
        "too_short": len(query) < MIN_QUERY_LENGTH,
    }
    template = "customers/_search_results.html" if request.htmx else "customers/search.html"
    return render(request, template, context)
