from django.shortcuts import render

from connections.selectors import relationships_for_account
from portal.tenancy import member_required


@member_required
def relationships(request):
    rows = relationships_for_account(org=request.org, account=request.account)
    return render(request, "connections/relationships.html", {"relationships": rows})
