"""Organisations for the load and growth benchmarks: each has a user (bench<i> / demo), one supplier
account with a valid VAT number, and a relationship with a synthetic buyer that holds its invoice
records, loaded through the real loader. Creating them again changes nothing."""

from itertools import count, islice

from django.db import transaction
from django.utils import timezone
from stdnum.gb import vat

PASSWORD = "demo"
FIRST_VAT = 200_000_000  # clear of the demo's numbers


def _vat_numbers():
    return (f"GB{number}" for number in count(FIRST_VAT) if vat.is_valid(f"GB{number}"))


def bench_organisations(how_many: int, statuses: int) -> list[tuple[str, str]]:
    """(user name, account code) of `how_many` organisations with `statuses` invoice statuses each."""
    from connections.models import Relationship
    from connections.services import Verification, relationship_create
    from customers.models import BuyerEntity
    from customers.synthetic import FIRST_SYNTHETIC_NUMBER, invoice_records_load, synthetic_invoice_records
    from suppliers.models import Membership, Organisation, SupplierAccount, User
    from suppliers.services import supplier_account_create

    made = []
    for index, vat_number in enumerate(islice(_vat_numbers(), how_many)):
        username = f"bench{index}"
        with transaction.atomic():
            org, _ = Organisation.objects.get_or_create(name=f"Bench Supplier {index:04d}")
            user = User.objects.filter(username=username).first() or User.objects.create_user(
                username=username, email=f"{username}@bench.example", password=PASSWORD
            )
            Membership.objects.get_or_create(organisation=org, user=user, defaults={"role": Membership.Role.ADMIN})
            account = SupplierAccount.objects.filter(organisation=org).first() or supplier_account_create(
                org=org, legal_name=f"Bench Supplier {index:04d} Ltd", country="GB", vat_number=vat_number
            )
            buyer = BuyerEntity.objects.get(network_number=f"AAA{FIRST_SYNTHETIC_NUMBER + 1 + index}")
            if not Relationship.objects.filter(account=account, buyer=buyer).exists():
                invoice_records_load(
                    synthetic_invoice_records(
                        buyer.pk, account.vat_number, statuses, today=timezone.localdate(), prefix=f"B{index}-"
                    )
                )
                # As support would confirm it: loads match only verified identities.
                verified = Verification(
                    how=Relationship.VerifiedBy.SUPPORT, vat_number=account.vat_number, by_label="bench"
                )
                relationship_create(account=account, buyer=buyer, verification=verified)
        made.append((username, str(account.code)))
    return made
