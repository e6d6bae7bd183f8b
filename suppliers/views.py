import copy

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.lib.http import client_address
from portal.lib.signed_links import LinkError
from portal.lib.tenancy import account_switch as tenancy_account_switch
from portal.lib.tenancy import get_object_for_org_or_404, member_required, role_check, role_required
from suppliers.forms import (
    INVOICING_FIELDS,
    AccountSwitchForm,
    InvoicingDetailsForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    SupplierAccountForm,
)
from suppliers.models import Membership, SupplierAccount
from suppliers.selectors import account_identity_locked, accounts_of
from suppliers.services import (
    email_verification_send,
    email_verify,
    organisation_signup,
    supplier_account_create,
    supplier_account_invoicing_update,
    supplier_account_update,
)
from suppliers.throttle import attempted_username

RESEND_INTERVAL_SECONDS = 60


def _with_language_cookie(response, language: str):
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


class SignInView(LoginView):
    """Sign in by user name or e-mail; the user's saved language applies from here on."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return _with_language_cookie(response, form.get_user().preferred_language)


class PasswordResetUnlockView(PasswordResetConfirmView):
    """Django's new-password page, which also ends the sign-in lock of that user from this
    address: the locked page offers the reset as the way out, and a reset proves the mailbox."""

    def form_valid(self, form):
        response = super().form_valid(form)
        address = client_address(self.request)
        for name in {attempted_username(self.request, {"username": typed}) for typed in (self.user.username, self.user.email)}:
            if name and address:
                axes_reset(ip=address, username=name)
        return response


def sign_in_locked(request, response, credentials):
    """Axes' answer while the client is locked out (AXES_LOCKOUT_CALLABLE): the sign-in page again,
    saying why and for how long, with what was typed as the user name."""
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/login.html", {"form": form, "locked_minutes": minutes}, status=429)


def _back(request):
    """To the page the form was posted from (its `next` field), if it is one of ours; else Home."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "home"
    return redirect(next_url)


def _verification_sent(request, user) -> None:
    messages.info(
        request,
        _("We have sent a link to %(email)s. Open it to verify your e-mail address.") % {"email": user.email},
    )


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = organisation_signup(
                organisation_name=data["organisation_name"],
                legal_name=data["legal_name"],
                country=str(data["country"]),
                vat_number=data["vat_number"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="suppliers.backends.UsernameOrEmailBackend")
            messages.success(request, _("Welcome! Your organisation and supplier account are ready."))
            _verification_sent(request, user)
            return redirect("home")
    return render(request, "suppliers/signup.html", {"form": form})


@member_required
def my_account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your details have been saved."))
        if "email" in form.changed_data and not user.email_is_verified:
            email_verification_send(user=user)
            _verification_sent(request, user)
        return _with_language_cookie(redirect("suppliers:my-account"), form.instance.preferred_language)
    accounts = accounts_of(org=request.org)
    return render(request, "suppliers/my_account.html", {"form": form, "accounts": accounts})


@require_GET
def email_verify_view(request, token):
    """The link from the verification e-mail. It needs no sign-in (the signed token is the proof),
    and a GET verifies: whoever opens it has read the mailbox it was sent to."""
    try:
        verified = email_verify(token=token)
    except LinkError as error:
        return render(request, "suppliers/email_verification.html", {"problem": error.problem.value}, status=410)
    if request.user.pk == verified.pk:
        # The page itself must not still ask the signed-in user to verify the address.
        request.user.verified_email = verified.verified_email
    return render(request, "suppliers/email_verification.html", {"problem": None})


@require_POST
@member_required
def email_verification_resend(request):
    """"Send it again", at most once a minute per user: a button held down sends no stream of
    e-mails."""
    if request.user.email_is_verified:
        return _back(request)
    if cache.add(f"email-verification-resent:{request.user.pk}", True, timeout=RESEND_INTERVAL_SECONDS):
        email_verification_send(user=request.user)
        _verification_sent(request, request.user)
    else:
        messages.info(request, _("We sent you a link less than a minute ago. Please check your inbox and spam folder."))
    return _back(request)


@role_required(Membership.Role.ADMIN, to_read=True)
def account_add(request):
    form = SupplierAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = supplier_account_create(org=request.org, **_account_details(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            supplier_account_invoicing_update(account=account, **_invoicing_details(form))
            messages.success(request, _("The supplier account %(name)s has been added.") % {"name": account.legal_name})
            return redirect("suppliers:my-account")
    return render(request, "suppliers/account_form.html", {"form": form})


def _account_details(form: SupplierAccountForm) -> dict:
    data = form.cleaned_data
    return {"legal_name": data["legal_name"], "country": str(data["country"]), "vat_number": data["vat_number"]}


def _invoicing_details(form) -> dict:
    return {name: form.cleaned_data[name] for name in INVOICING_FIELDS}


@member_required
def account_edit(request, account_code):
    """The account's details; once a real buyer knows them, shown read-only with a way to ask
    support instead."""
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=account_code)
    role_check(request, Membership.Role.ADMIN, to_read=True)
    if account_identity_locked(account=account):
        # Only the invoicing details (address, bank account) may still change here.
        invoicing = InvoicingDetailsForm(
            request.POST if "invoicing" in request.POST else None, instance=copy.copy(account), prefix="invoicing"
        )
        if request.method == "POST" and not invoicing.is_bound:
            messages.error(request, _("These details can no longer be changed here. Ask support to change them."))
        elif request.method == "POST" and invoicing.is_valid():
            supplier_account_invoicing_update(account=account, **_invoicing_details(invoicing))
            messages.success(request, _("The supplier account %(name)s has been saved.") % {"name": account.legal_name})
            return redirect("suppliers:my-account")
        return render(request, "suppliers/account_locked.html", {"edited_account": account, "invoicing": invoicing})
    # The form writes what was typed into its instance: a copy, so a refusal shows the saved name.
    form = SupplierAccountForm(request.POST or None, instance=copy.copy(account))
    if request.method == "POST" and form.is_valid():
        try:
            account = supplier_account_update(
                account=account, **_account_details(form), invoicing=_invoicing_details(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The supplier account %(name)s has been saved.") % {"name": account.legal_name})
            return redirect("suppliers:my-account")
    # Not "account": that name is the account in use on every page (portal.context_processors).
    return render(request, "suppliers/account_form.html", {"form": form, "edited_account": account})


@require_POST
@member_required
def account_switch(request):
    form = AccountSwitchForm(request.POST)
    if not form.is_valid():
        return redirect("home")
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=form.cleaned_data["account"])
    tenancy_account_switch(request, account)
    return _back(request)
