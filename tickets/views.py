import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.lib.tenancy import get_object_for_org_or_404, member_required, role_check, role_required
from suppliers.models import Membership, SupplierAccount
from tickets.forms import AccountDetailsChangeForm, TicketRaiseForm, TicketReplyForm
from tickets.selectors import (
    ticket_accounts,
    ticket_attachment_get,
    ticket_get,
    ticket_messages,
    tickets_of,
)
from tickets.services import ticket_account_details_open, ticket_message_add, ticket_open

logger = logging.getLogger(__name__)


@require_safe
@member_required
def ticket_list(request):
    return render(request, "tickets/ticket_list.html", {"tickets": tickets_of(org=request.org)})


@role_required(Membership.Role.MEMBER, to_read=True)
def ticket_raise(request):
    form = TicketRaiseForm(request.POST or None, request.FILES or None, accounts=ticket_accounts(org=request.org))
    if request.method == "POST" and form.is_valid():
        try:
            ticket = ticket_open(
                org=request.org,
                subject=form.cleaned_data["subject"],
                by=request.user,
                account=form.cleaned_data["account"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Ticket %(reference)s was sent to Help & Support.") % {"reference": ticket.reference}
            )
            return redirect("tickets:detail", ticket_code=ticket.code)
    return render(request, "tickets/ticket_raise.html", {"form": form})


@member_required
def ticket_detail(request, ticket_code):
    """The ticket and its messages; members reply here, read-only members only read."""
    ticket = ticket_get(org=request.org, code=ticket_code)
    role_check(request, Membership.Role.MEMBER)
    form = TicketReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket_message_add(
                ticket=ticket,
                by=request.user,
                body=form.cleaned_data["body"],
                from_support=False,
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message was sent to Help & Support."))
            return redirect(request.path)
    context = {"ticket": ticket, "ticket_messages": ticket_messages(ticket=ticket), "form": form}
    return render(request, "tickets/ticket_detail.html", context)


@require_safe
@member_required
def ticket_attachment(request, ticket_code, message_id):
    message = ticket_attachment_get(ticket=ticket_get(org=request.org, code=ticket_code), pk=message_id)
    try:
        opened = message.attachment.open("rb")
    except FileNotFoundError:
        logger.error("Ticket message %s: its file %s is missing", message.pk, message.attachment.name)
        raise Http404 from None
    # Always a download and never sniffed: the browser must not interpret uploaded bytes.
    response = FileResponse(opened, as_attachment=True, filename=message.attachment_name)
    response["Content-Type"] = message.attachment_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
def account_ask_support(request, account_code):
    """"Ask support to change these details": a ticket with the supplier's words as its first
    message."""
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=account_code)
    role_check(request, Membership.Role.ADMIN, to_read=True)
    form = AccountDetailsChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ticket = ticket_account_details_open(account=account, by=request.user, body=form.cleaned_data["changes"])
        messages.success(
            request,
            _("Your request was sent to Help & Support with reference number %(reference)s; we answer by %(deadline)s.")
            % {
                "reference": ticket.reference,
                "deadline": date_format(timezone.localtime(ticket.deadline), "DATETIME_FORMAT"),
            },
        )
        return redirect("tickets:list")
    return render(request, "tickets/account_ask_support.html", {"edited_account": account, "form": form})
