from django.db.models import QuerySet

from connections.models import Relationship
from portal.tenancy import for_org
from suppliers.models import Organisation, SupplierAccount


def relationships_for_account(*, org: Organisation, account: SupplierAccount) -> QuerySet[Relationship]:
    """The account's customer relationships, the test buyer first."""
    return (
        for_org(Relationship, org)
        .filter(account=account)
        .select_related("buyer")
        .order_by("-buyer__is_test_buyer", "buyer__legal_name")
    )
