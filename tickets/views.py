from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.lib.tenancy import member_required
from tickets.selectors import tickets_of


@require_safe
@member_required
def ticket_list(request):
    return render(request, "tickets/ticket_list.html", {"tickets": tickets_of(org=request.org)})
