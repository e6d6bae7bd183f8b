from django.db.models import QuerySet

from portal.tenancy import for_org
from suppliers.models import Organisation, SupplierAccount


def accounts_of(*, org: Organisation) -> QuerySet[SupplierAccount]:
    return for_org(SupplierAccount, org).order_by("legal_name")
