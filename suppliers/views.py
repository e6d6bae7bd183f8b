from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.tenancy import account_switch as tenancy_account_switch
from portal.tenancy import get_object_for_org_or_404, member_required, role_check, role_required
from suppliers.forms import AccountSwitchForm, ProfileForm, SignInForm, SignUpForm, SupplierAccountForm
from suppliers.models import Membership, SupplierAccount
from suppliers.selectors import accounts_of
from suppliers.services import organisation_signup, supplier_account_create


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


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, _("Welcome! Your organisation and supplier account are ready."))
        return redirect("home")
    return render(request, "suppliers/signup.html", {"form": form})


@member_required
def my_account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return _with_language_cookie(redirect("suppliers:my-account"), form.instance.preferred_language)
    accounts = accounts_of(org=request.org)
    return render(request, "suppliers/my_account.html", {"form": form, "accounts": accounts})


@role_required(Membership.Role.ADMIN, to_read=True)
def account_add(request):
    form = SupplierAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = supplier_account_create(org=request.org, **form.cleaned_data)
        messages.success(request, _("The supplier account %(name)s has been added.") % {"name": account.legal_name})
        return redirect("suppliers:my-account")
    return render(request, "suppliers/account_form.html", {"form": form})


@member_required
def account_edit(request, account_code):
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=account_code)
    role_check(request, Membership.Role.ADMIN, to_read=True)
    form = SupplierAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The supplier account %(name)s has been saved.") % {"name": account.legal_name})
        return redirect("suppliers:my-account")
    return render(request, "suppliers/account_form.html", {"form": form, "account": account})


@require_POST
@member_required
def account_switch(request):
    form = AccountSwitchForm(request.POST)
    if not form.is_valid():
        return redirect("home")
    account = get_object_for_org_or_404(SupplierAccount, request.org, code=form.cleaned_data["account"])
    tenancy_account_switch(request, account)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "home"
    return redirect(next_url)
