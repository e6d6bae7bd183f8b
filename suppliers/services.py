import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from portal.lib.tenancy import for_org
from suppliers.email_verification import verification_user
from suppliers.models import AccountIdentityChange, Membership, Organisation, SupplierAccount, new_network_number
from suppliers.selectors import account_identity_locked, vat_number_held_elsewhere
from suppliers.signals import account_created, account_identity_changed
from suppliers.tasks import email_verification_send as email_verification_send_task

User = get_user_model()
VAT_NUMBER_TAKEN = _("This VAT number is already registered on the network. If it is yours, ask support.")
IDENTITY_LOCKED = _(
    "This account is connected to customers, who know it by these details: ask support to change them."
)


def _vat_number_check(vat_number: str, org: Organisation) -> None:
    """Refuses a VAT number another organisation holds. Called inside the transaction that saves
    it: on PostgreSQL two organisations claiming one number at once are serialised by a lock on
    the number (the second sees the first's account once it commits)."""
    if not vat_number:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"vat-number:{vat_number}"])
    if vat_number_held_elsewhere(vat_number=vat_number, org=org):
        raise ValidationError({"vat_number": VAT_NUMBER_TAKEN}, code="vat_number_taken")


def _unused_network_number() -> str:
    while True:
        number = new_network_number()
        if not SupplierAccount.objects.filter(network_number=number).exists():
            return number


@transaction.atomic
def supplier_account_create(
    *, org: Organisation, legal_name: str, country: str, vat_number: str = ""
) -> SupplierAccount:
    """A new supplier account, already connected to the test buyer (by connections, on
    suppliers.signals.account_created, in this transaction) so it can practise invoicing.
    `vat_number` comes normalised (portal.lib.identifiers).

    Raises ValidationError (on vat_number) when another organisation holds the VAT number."""
    _vat_number_check(vat_number, org)
    account = SupplierAccount(
        organisation=org,
        network_number=_unused_network_number(),
        legal_name=legal_name,
        country=country,
        vat_number=vat_number,
    )
    account.full_clean()
    account.save()
    account_created.send(sender=SupplierAccount, account=account)
    return account


@transaction.atomic
def organisation_signup(
    *,
    organisation_name: str,
    legal_name: str,
    country: str,
    vat_number: str,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str = "",
    language: str = "",
) -> User:
    """A new organisation with its first supplier account and its first user, an admin, whose
    address is e-mailed its verification link once this commits.

    Raises ValidationError as supplier_account_create does; then nothing is created."""
    org = Organisation.objects.create(name=organisation_name)
    supplier_account_create(org=org, legal_name=legal_name, country=country, vat_number=vat_number)
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    Membership.objects.create(organisation=org, user=user, role=Membership.Role.ADMIN)
    email_verification_send(user=user)
    return user


def email_verification_send(*, user: User) -> None:
    """E-mails the user, after commit, a link that verifies their current address."""
    email_verification_send_task.delay_on_commit(user.pk, secrets.token_hex(8))


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Marks the address the link was sent to as verified. Raises LinkError when the
    link is tampered with, expired, already used or for an address the user no longer has."""
    user = verification_user(token)
    user.verified_email = user.email
    user.save(update_fields=["verified_email"])
    return user


def user_language_set(*, user: User, language: str) -> None:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def _locked_account(account: SupplierAccount) -> SupplierAccount:
    return for_org(SupplierAccount, account.organisation_id).select_for_update().get(pk=account.pk)


@transaction.atomic
def supplier_account_update(
    *, account: SupplierAccount, legal_name: str, country: str, vat_number: str, invoicing: dict | None = None
) -> SupplierAccount:
    """The account's details, changed by its own users while no real buyer knows it yet, with
    its invoicing details (`invoicing`: see supplier_account_invoicing_update) if given.

    Raises ValidationError when the identity is locked (account_identity_locked), or on
    vat_number when another organisation holds the VAT number."""
    account = _locked_account(account)
    if account_identity_locked(account=account):
        raise ValidationError(IDENTITY_LOCKED, code="identity_locked")
    _vat_number_check(vat_number, account.organisation)
    account.legal_name, account.country, account.vat_number = legal_name, country, vat_number
    for name, value in (invoicing or {}).items():
        setattr(account, name, value)
    account.full_clean()
    account.save(update_fields=["legal_name", "country", "vat_number", *(invoicing or {})])
    return account


INVOICING_DETAILS = {"street", "post_code", "city", "legal_registration_id", "iban", "bic"}


@transaction.atomic
def supplier_account_invoicing_update(*, account: SupplierAccount, **details: str) -> SupplierAccount:
    """The account's postal address (street, post_code, city), company registration number
    (legal_registration_id, EN 16931 BT-30) and bank account (iban, bic: normalised by
    portal.lib.identifiers), which its invoices carry. Allowed even when the identity is
    locked: no buyer matches records by them. Raises ValueError for another field name,
    ValidationError for a value the model refuses."""
    unknown = set(details) - INVOICING_DETAILS
    if unknown:
        raise ValueError(f"not invoicing details: {sorted(unknown)}")
    account = _locked_account(account)
    for name, value in details.items():
        setattr(account, name, value)
    account.full_clean()
    account.save(update_fields=list(details))
    return account


@transaction.atomic
def supplier_account_identity_change(
    *, account: SupplierAccount, by: User, legal_name: str, country: str, vat_number: str
) -> AccountIdentityChange:
    """Support changes the account's identity (whether locked or not), audited; every relationship
    whose verified VAT or network number is no longer the account's stops loading until it is
    confirmed again (connections pauses them on suppliers.signals.account_identity_changed, in
    this transaction). `vat_number` comes normalised.

    Raises ValidationError on vat_number when another organisation holds the VAT number."""
    account = _locked_account(account)
    _vat_number_check(vat_number, account.organisation)
    change = AccountIdentityChange(
        account=account,
        by=by,
        old_legal_name=account.legal_name,
        old_country=account.country,
        old_vat_number=account.vat_number,
        new_legal_name=legal_name,
        new_country=country,
        new_vat_number=vat_number,
    )
    account.legal_name, account.country, account.vat_number = legal_name, country, vat_number
    account.full_clean()
    account.save(update_fields=["legal_name", "country", "vat_number"])
    responses = account_identity_changed.send(sender=SupplierAccount, account=account)
    change.relationships_paused = sum(paused for _receiver, paused in responses)
    change.save()
    return change
