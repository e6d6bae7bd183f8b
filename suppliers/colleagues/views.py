from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.lib.signed_links import LinkError
from portal.lib.tenancy import get_object_for_org_or_404, member_required, role_check, role_required
from suppliers.colleagues.forms import InvitationForm, JoinForm, RoleForm
from suppliers.colleagues.links import invitation_open
from suppliers.colleagues.selectors import colleagues_of, email_taken, invitations_pending
from suppliers.colleagues.services import (
    invitation_accept,
    invitation_create,
    invitation_join,
    invitation_revoke,
    membership_remove,
    membership_role_set,
)
from suppliers.models import Invitation, Membership

ADMIN = Membership.Role.ADMIN


def _colleagues_page(request, invitation_form=None):
    context = {
        "colleagues": colleagues_of(org=request.org),
        "invitations": invitations_pending(org=request.org),
        "invitation_form": invitation_form or InvitationForm(),
        "roles": Membership.Role.choices,
    }
    return render(request, "suppliers/colleagues.html", context)


@require_safe
@member_required
def colleagues(request):
    """Everyone sees the organisation's people; administrators manage them here too."""
    return _colleagues_page(request)


@require_POST
@role_required(ADMIN, to_read=True)
def colleague_invite(request):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_create(
                org=request.org, by=request.user, language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("suppliers:colleagues")
    return _colleagues_page(request, invitation_form=form)


def _name(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.username


@require_POST
@member_required
def membership_role(request, membership_code):
    membership = get_object_for_org_or_404(Membership.objects.select_related("user"), request.org, code=membership_code)
    role_check(request, ADMIN, to_read=True)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("suppliers:colleagues")
    try:
        membership_role_set(membership=membership, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now: %(role)s.") % {"name": _name(membership), "role": membership.get_role_display()},
        )
    return redirect("suppliers:colleagues")


@require_POST
@member_required
def membership_delete(request, membership_code):
    membership = get_object_for_org_or_404(Membership.objects.select_related("user"), request.org, code=membership_code)
    role_check(request, ADMIN, to_read=True)
    try:
        membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer belongs to your organisation.") % {"name": _name(membership)})
    return redirect("suppliers:colleagues")


@require_POST
@member_required
def invitation_delete(request, invitation_code):
    invitation = get_object_for_org_or_404(Invitation, request.org, code=invitation_code)
    role_check(request, ADMIN, to_read=True)
    invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("suppliers:colleagues")


def invitation_accept_view(request, token):
    """The invitee's page from the e-mailed link: the signed link is the access check. Only a POST
    accepts, because mail scanners open links. A new invitee chooses a user name and password; a
    user already signed in with the invited address just accepts."""
    try:
        invitation = invitation_open(token)
    except LinkError as error:
        return render(request, "suppliers/colleagues_link_problem.html", {"problem": error.problem.value}, status=410)
    if request.user.is_authenticated:
        return _accept_as_signed_in(request, invitation)
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_join(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="suppliers.backends.UsernameOrEmailBackend")
            return _welcome(request, invitation)
    context = {"invitation": invitation, "form": form, "existing_user": email_taken(email=invitation.email)}
    return render(request, "suppliers/colleagues_join.html", context)


def _accept_as_signed_in(request, invitation: Invitation):
    error = None
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return _welcome(request, invitation)
    context = {
        "invitation": invitation,
        "error": error,
        "same_address": request.user.email.lower() == invitation.email.lower(),
    }
    return render(request, "suppliers/colleagues_join.html", context)


def _welcome(request, invitation: Invitation):
    messages.success(request, _("Welcome to %(organisation)s!") % {"organisation": invitation.organisation.name})
    return redirect("home")
