from django.shortcuts import render

from portal.tenancy import member_required
from tickets.selectors import tickets_of


@member_required
def ticket_list(request):
    return render(request, "tickets/ticket_list.html", {"tickets": tickets_of(org=request.org)})
