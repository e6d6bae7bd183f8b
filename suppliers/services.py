import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from connections.services import relationship_create
from customers.services import test_buyer_get
from suppliers.email_verification import verification_user
from suppliers.models import Membership, Organisation, SupplierAccount, new_network_number
from suppliers.tasks import email_verification_send as email_verification_send_task

User = get_user_model()


def _unused_network_number() -> str:
    while True:
        number = new_network_number()
        if not SupplierAccount.objects.filter(network_number=number).exists():
            return number


@transaction.atomic
def supplier_account_create(
    *, org: Organisation, legal_name: str, country: str, vat_number: str = ""
) -> SupplierAccount:
    """A new supplier account, already connected to the test buyer so it can practise invoicing."""
    account = SupplierAccount(
        organisation=org,
        network_number=_unused_network_number(),
        legal_name=legal_name,
        country=country,
        vat_number=vat_number,
    )
    account.full_clean()
    account.save()
    relationship_create(account=account, buyer=test_buyer_get())
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
    address is e-mailed its verification link once this commits."""
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
