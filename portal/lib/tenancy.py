"""Tenancy: the organisation and supplier account in use, and the one path to tenant-owned rows.

Every tenant-owned row carries its `organisation` foreign key, so scoping is one filter.
Every tenant-owned read goes through `for_org` or `get_object_for_org_or_404`; another
organisation's row answers exactly as a missing one does (404), so an id reveals nothing.
"""

from functools import wraps
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

if TYPE_CHECKING:
    from suppliers.models import Membership, Organisation, SupplierAccount

SESSION_ACCOUNT_KEY = "account_code"


def for_org(qs: QuerySet | type[Model], org: "Organisation | int | None") -> QuerySet:
    """The rows of `qs` that belong to `org` (or the organisation with that id); none at all
    without an organisation."""
    if isinstance(qs, type):
        qs = qs._default_manager.all()
    if org is None:
        return qs.none()
    return qs.filter(organisation=org)


def get_object_for_org_or_404(qs: QuerySet | type[Model], org: "Organisation | None", **lookup):
    obj = get_object_or_404(for_org(qs, org), **lookup)
    # A second wall: a scoping mistake above must never hand out another tenant's row.
    if obj.organisation_id != org.pk:
        raise Http404
    return obj


def _membership_of(user) -> "Membership | None":
    return user.memberships.select_related("organisation").order_by("created_at").first()


def _account_in_use(request, accounts: "list[SupplierAccount]") -> "SupplierAccount | None":
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
            # Kept for membership_of: the role costs no query of its own.
            request._membership = _membership_of(request.user)
            request.org = request._membership.organisation if request._membership else None
            if request.org is not None:
                # By name: the kernel imports no app (README, Layout).
                accounts = for_org(apps.get_model("suppliers", "SupplierAccount"), request.org)
                request.accounts = list(accounts.order_by("legal_name"))
                request.account = _account_in_use(request, request.accounts)
        return self.get_response(request)


def account_switch(request, account: "SupplierAccount") -> None:
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


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def membership_of(request) -> "Membership | None":
    """The signed-in user's membership of `request.org` (None outside one), read once per request."""
    if not hasattr(request, "_membership"):
        request._membership = (
            request.user.memberships.filter(organisation=request.org).first()
            if request.org is not None
            else None
        )
    return request._membership


def role_check(request, role: str, *, to_read: bool = False) -> None:
    """Raises PermissionDenied (403) unless the signed-in member's role is `role` or above: for
    changes only (any method but GET, HEAD, OPTIONS), or for every request with `to_read`
    (administrators' pages). Views that load an object call it after `get_object_for_org_or_404`,
    so another organisation's object stays a 404 whatever the outsider's role."""
    if to_read or request.method not in SAFE_METHODS:
        membership = membership_of(request)
        if membership is None or not membership.has_role(role):
            raise PermissionDenied


def role_required(role: str, *, to_read: bool = False):
    """`member_required`, then `role_check(request, role, to_read=to_read)`: for views whose URL
    names no object."""

    def decorator(view):
        @member_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            role_check(request, role, to_read=to_read)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
