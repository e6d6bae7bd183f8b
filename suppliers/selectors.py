from django.db.models import QuerySet

from portal.tenancy import for_org
from suppliers.models import Organisation, SupplierAccount, User


def accounts_of(*, org: Organisation) -> QuerySet[SupplierAccount]:
    return for_org(SupplierAccount, org).order_by("legal_name")


def people_to_tell(*, org: Organisation, preferred: User | None = None) -> list[User]:
    """Whom to e-mail about the organisation's business: the person who started it while they
    are still a member, otherwise every member with an e-mail address."""
    members = User.objects.filter(memberships__organisation=org, is_active=True).exclude(email="")
    if preferred is not None and members.filter(pk=preferred.pk).exists():
        return [preferred]
    return list(members.order_by("pk"))
