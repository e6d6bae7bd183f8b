"""Tenancy: the organisation and supplier account in use, and the one path to tenant-owned rows.

Every tenant-owned row carries its `organisation` foreign key, so scoping is one filter.
Every tenant-owned read goes through `for_org` or `get_object_for_org_or_404`; another
organisation's row answers exactly as a missing one does (404), so an id reveals nothing.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from suppliers.models import Organisation, SupplierAccount

SESSION_ACCOUNT_KEY = "account_code"


def for_org(qs: QuerySet | type[Model], org: Organisation | int | None) -> QuerySet:
    """The rows of `qs` that belong to `org` (or the organisation with that id); none at all
    without an organisation."""
    if isinstance(qs, type):
        qs = qs._default_manager.all()
    if org is None:
        return qs.none()
    return qs.filter(organisation=org)


def get_object_for_org_or_404(qs: QuerySet | type[Model], org: Organisation | None, **lookup):
    obj = get_object_or_404(for_org(qs, org), **lookup)
    # A second wall: a scoping mistake above must never hand out another tenant's row.
    if obj.organisation_id != org.pk:
        raise Http404
    return obj


def _organisation_of(user) -> Organisation | None:
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    return membership.organisation if membership else None


def _account_in_use(request, accounts: list[SupplierAccount]) -> SupplierAccount | None:
    """The account the session chose, else the organisation's first."""
    code = request.session.get(SESSION_ACCOUNT_KEY)
    chosen = next((account for account in accounts if str(account.code) == code), None)
    return chosen or min(accounts, key=lambda account: (account.created_at, account.pk), default=None)


class TenancyMiddleware:
    """Puts `request.org`, `request.account` and `request.accounts` (all the organisation's
    accounts, by name, for the header's switcher) on every signed-in request (None, None and []
    otherwise): two queries, which every page then shares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = None
        request.account = None
        request.accounts = []
        if request.user.is_authenticated:
            request.org = _organisation_of(request.user)
            if request.org is not None:
                request.accounts = list(for_org(SupplierAccount, request.org).order_by("legal_name"))
                request.account = _account_in_use(request, request.accounts)
        return self.get_response(request)


def account_switch(request, account: SupplierAccount) -> None:
    request.session[SESSION_ACCOUNT_KEY] = str(account.code)


def member_required(view):
    """Signed in and a member of an organisation. Support staff, who belong to none, are sent
    to Django admin, where they work; anyone else without an organisation gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.org is None:
            if request.user.is_staff:
                return redirect("admin:index")
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
