"""Plain factory functions: the shortest way to a valid row, through the same services as the app."""

from itertools import count

from django.contrib.auth import get_user_model

from suppliers.models import Membership, Organisation, SupplierAccount
from suppliers.services import supplier_account_create

_numbers = count(1)
PASSWORD = "a-long-test-password"


def make_org(name: str = "Acme Supplies") -> Organisation:
    org = Organisation.objects.create(name=name)
    supplier_account_create(org=org, legal_name=f"{name} Ltd", country="GB", vat_number="GB980780684")
    return org


def make_account(org: Organisation, legal_name: str | None = None) -> SupplierAccount:
    return supplier_account_create(
        org=org, legal_name=legal_name or f"{org.name} account {next(_numbers)}", country="DE"
    )


def make_user(org: Organisation | None = None, *, role=Membership.Role.MEMBER, **fields):
    n = next(_numbers)
    fields = {"username": f"user{n}", "email": f"user{n}@example.com", "first_name": f"User{n}"} | fields
    user = get_user_model().objects.create_user(password=PASSWORD, **fields)
    if org is not None:
        Membership.objects.create(organisation=org, user=user, role=role)
    return user
