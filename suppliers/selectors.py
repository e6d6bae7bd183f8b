from django.db.models import QuerySet

from portal.lib.tenancy import for_org
from suppliers.models import Organisation, SupplierAccount, User
from suppliers.signals import account_identity_relied_on


def accounts_of(*, org: Organisation) -> QuerySet[SupplierAccount]:
    return for_org(SupplierAccount, org).order_by("legal_name")


def account_identity_locked(*, account: SupplierAccount) -> bool:
    """Whether the account's legal name, country and VAT number are past its users' reach: a real
    buyer has (or is about to have) verified them (connections answers, through a relationship or
    an open request: suppliers.signals.account_identity_relied_on)."""
    answers = account_identity_relied_on.send(sender=SupplierAccount, account=account)
    return any(relied_on for _receiver, relied_on in answers)


def vat_number_held_elsewhere(*, vat_number: str, org: Organisation) -> bool:
    """Whether another organisation's account has this (normalised) VAT number. Deliberately
    across organisations: a VAT number belongs to one organisation on the network."""
    others = SupplierAccount.objects.exclude(organisation=org)
    return bool(vat_number) and others.filter(vat_number=vat_number).exists()


def people_to_tell(*, org: Organisation, preferred: User | None = None) -> list[User]:
    """Whom to e-mail about the organisation's business: the person who started it while they
    are still a member, otherwise every member with an e-mail address."""
    members = User.objects.filter(memberships__organisation=org, is_active=True).exclude(email="")
    if preferred is not None and members.filter(pk=preferred.pk).exists():
        return [preferred]
    return list(members.order_by("pk"))
