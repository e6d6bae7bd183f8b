from django.db import transaction

from connections.models import Relationship
from customers.models import BuyerEntity
from suppliers.models import SupplierAccount


@transaction.atomic
def relationship_create(
    *, account: SupplierAccount, buyer: BuyerEntity, vendor_code: str = ""
) -> Relationship:
    """The account's relationship with the buyer, created once; asking again changes nothing."""
    relationship, _ = Relationship.objects.get_or_create(
        account=account,
        buyer=buyer,
        defaults={"organisation_id": account.organisation_id, "vendor_code": vendor_code},
    )
    return relationship
