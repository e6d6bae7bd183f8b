import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from connections.attachments import attachment_response
from connections.batch import batch_query, request_codes
from connections.buyer_link import buyer_link_open, identity_link_open
from connections.forms import BuyerAnswerForm, ConnectChoiceForm, ConnectForm, RequestMessageForm
from connections.models import ConnectionRequest
from connections.selectors import (
    attachment_get,
    connect_choice,
    relationships_for_account,
    request_get,
    requests_by_codes,
    requests_of,
)
from connections.services import (
    connection_requests_create,
    relationship_identity_confirm,
    request_confirm,
    request_reject,
    request_withdraw,
)
from customers.models import BuyerEntity
from portal.lib.confirm import confirmation_page
from portal.lib.signed_links import LinkError
from portal.lib.tenancy import member_required, role_check
from suppliers.email_verification import email_verified_to_post
from suppliers.models import Membership, SupplierAccount
from suppliers.selectors import accounts_of
from tickets.services import ticket_message_add

@require_safe
@member_required
def relationships(request):
    rows = relationships_for_account(org=request.org, account=request.account)
    return render(request, "connections/relationships.html", {"relationships": rows})


def _chosen_account(request, accounts) -> SupplierAccount:
    """The account picked in the connect form (posted, or `?account=` when the picker changes),
    else the one in use: what the customer's entities show as connected or pending is its own."""
    code = request.POST.get("account") or request.GET.get("account")
    try:
        return accounts.get(code=uuid.UUID(code)) if code else request.account
    except (ValueError, SupplierAccount.DoesNotExist):
        return request.account


@member_required
@email_verified_to_post
def connect(request):
    """Search for a customer; once one is picked (?buyer= or ?group=), the connect form."""
    role_check(request, Membership.Role.MEMBER)
    picked = ConnectChoiceForm(request.GET)
    picked = picked.cleaned_data if picked.is_valid() else {}
    accounts = accounts_of(org=request.org)
    account = _chosen_account(request, accounts)
    choice = connect_choice(
        org=request.org,
        account=account,
        network_number=picked.get("buyer", ""),
        group_id=picked.get("group"),
    )
    if choice is None:
        not_found = bool(request.GET.get("buyer") or request.GET.get("group"))
        return render(request, "customers/search.html", {"not_found": not_found}, status=404 if not_found else 200)
    # Without JavaScript, "Show for this account" posts the form to see the chosen account's view.
    showing = "show_account" in request.POST
    form = ConnectForm(
        None if showing else request.POST or None,
        None if showing else request.FILES or None,
        accounts=accounts,
        entities=BuyerEntity.objects.filter(pk__in=[entity.pk for entity in choice.open_entities]),
        open_entities=choice.open_entities,
        initial={
            "account": account.code,
            "entities": [choice.selected] if choice.selected else [],
            "vendor_code": request.POST.get("vendor_code", ""),
            "notes": request.POST.get("notes", ""),
        },
    )
    if form.is_bound and form.is_valid():
        try:
            created = connection_requests_create(
                account=form.cleaned_data["account"],
                buyers=form.cleaned_data["buyers"],
                by=request.user,
                vendor_code=form.cleaned_data["vendor_code"],
                notes=form.cleaned_data["notes"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_after_connect(created))
    return render(request, "connections/connect.html", {"choice": choice, "form": form})


def _after_connect(created: list[ConnectionRequest]) -> str:
    """The first invoice challenge of the batch, if any (the others follow in turn), else the
    batch's reference numbers."""
    query = batch_query([req.code for req in created])
    challenged = [req for req in created if req.state == ConnectionRequest.State.CHALLENGE]
    if challenged:
        return f"{reverse('challenges:activate', kwargs={'challenge_code': challenged[0].challenge.code})}?{query}"
    return f"{reverse('connections:requests-submitted')}?{query}"


@require_safe
@member_required
def requests_submitted(request):
    """What the supplier sees after CONNECT: each request's reference number and deadline."""
    reqs = requests_by_codes(org=request.org, codes=request_codes(request))
    if not reqs:
        raise Http404
    return render(request, "connections/requests_submitted.html", {"requests": reqs})


@require_safe
@member_required
def request_list(request):
    return render(request, "connections/request_list.html", {"requests": requests_of(org=request.org)})


@member_required
def request_detail(request, request_code):
    req = request_get(org=request.org, code=request_code)
    role_check(request, Membership.Role.MEMBER)
    form = RequestMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if req.ticket_id is None:
            raise Http404
        ticket_message_add(ticket=req.ticket, by=request.user, body=form.cleaned_data["body"], from_support=False)
        messages.success(request, _("Your message was sent to Help & Support."))
        return redirect(request.path)
    return render(request, "connections/request_detail.html", {"req": req, "form": form})


@require_http_methods(["GET", "POST"])
@member_required
def request_withdraw_view(request, request_code):
    """GET asks to confirm; POST withdraws."""
    req = request_get(org=request.org, code=request_code)
    # Read-only members are not even asked to confirm what they may not do.
    role_check(request, Membership.Role.MEMBER, to_read=True)
    if request.method == "GET":
        return confirmation_page(
            request,
            title=_("Withdraw the request"),
            question=_("Withdraw your request to %(buyer)s? Help & Support will stop working on it.")
            % {"buyer": req.buyer.legal_name},
            confirm_label=_("Withdraw the request"),
            cancel_url=reverse("connections:request-detail", kwargs={"request_code": req.code}),
        )
    try:
        request_withdraw(req=req, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("connections:request-detail", request_code=req.code)


@require_safe
@member_required
def attachment_download(request, attachment_code):
    return attachment_response(attachment_get(org=request.org, code=attachment_code))


def buyer_request(request, token):
    """The buyer's page from its e-mailed link: no account; the signed link is the access check.
    Only a POST answers, because mail scanners open links."""
    try:
        req = buyer_link_open(token)
    except LinkError as error:
        return render(request, "connections/buyer_link_problem.html", {"problem": error.problem.value}, status=410)
    form = BuyerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        who = req.buyer.ap_contact_email
        try:
            if form.cleaned_data["answer"] == "confirm":
                request_confirm(req=req, actor_label=who)
            else:
                request_reject(req=req, actor_label=who, reason=form.cleaned_data["reason"])
        except ValidationError:
            return render(request, "connections/buyer_link_problem.html", {"problem": "used"}, status=410)
        return render(request, "connections/buyer_answered.html", {"req": req, "answer": form.cleaned_data["answer"]})
    return render(request, "connections/buyer_request.html", {"req": req, "form": form, "token": token})


def buyer_attachment(request, token):
    try:
        req = buyer_link_open(token)
    except LinkError:
        raise Http404 from None
    if req.attachment is None:
        raise Http404
    return attachment_response(req.attachment)


def buyer_identity(request, token):
    """The buyer confirms a supplier's new identity (after support changed it) from its e-mailed
    link; only a POST confirms. Not confirming leaves the relationship paused."""
    try:
        relationship = identity_link_open(token)
    except LinkError as error:
        return render(request, "connections/buyer_link_problem.html", {"problem": error.problem.value}, status=410)
    if request.method == "POST":
        try:
            relationship_identity_confirm(
                relationship=relationship,
                actor_label=relationship.buyer.ap_contact_email,
                paused_at=relationship.paused_at,
            )
        except ValidationError:
            return render(request, "connections/buyer_link_problem.html", {"problem": "used"}, status=410)
        return render(request, "connections/buyer_identity.html", {"relationship": relationship, "confirmed": True})
    return render(request, "connections/buyer_identity.html", {"relationship": relationship})
