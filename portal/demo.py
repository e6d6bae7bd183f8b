"""The demo world of the seed tour: Elise of Adams Office Supplies, Tom of Brightwater Traders,
and the buyers they connect to. Loading it again changes nothing."""

from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from connections.models import Relationship
from connections.services import Verification, relationship_create
from customers.models import BuyerEntity, BuyerGroup
from customers.services import TEST_BUYER_DETAILS, name_words_refresh, test_buyer_get
from customers.synthetic import invoice_records_load, synthetic_invoice_records
from invoices.services import load_queue
from portal.lib.tenancy import for_org
from suppliers.models import Membership, Organisation, SupplierAccount
from suppliers.services import supplier_account_create, supplier_account_invoicing_update
from tickets.support_group import SUPPORT_GROUP

User = get_user_model()
DEMO_PASSWORD = "demo"

# (network number, legal name, country, VAT number, has an AP contact)
TUNGSTEN_GROUP = [
    ("AAA489745059", "Tungsten Bank PLC", "GB", "GB177907267", True),
    ("AAA855955589", "Tungsten Corporation Guernsey Ltd", "GG", "", True),
    ("AAA652334046", "Tungsten Corporation PLC", "GB", "GB177907267", True),
    ("AAA443893490", "Tungsten Network EOOD", "BG", "BG175000008", False),
    ("AAA858442379", "Tungsten Network Finance", "GB", "GB177907267", True),
    ("AAA474005402", "Tungsten Network GmbH", "DE", "DE255790071", True),
    ("AAA014773592", "Tungsten Network Limited", "GB", "GB177907267", True),
]
TECHNICAL_SERVICES_GROUP = [
    ("AAA206515132", "Technical Services Test Buyer 17", "MY", "", True),
    ("AAA206515101", "Technical Services Test Buyer 1", "FR", "", True),
    ("AAA206515105", "Technical Services Test Buyer 5", "PL", "", True),
    ("AAA206515109", "Technical Services Test Buyer 9", "CZ", "", True),
    ("AAA206515112", "Technical Services Test Buyer 12", "HU", "", True),
]
SINGLE_BUYERS = [
    ("AAA168149359", "Demonstration Example Buyer", "GB", "", True),
]
GROUPS = {
    "TUNGSTEN ALL COMPANIES GROUP": TUNGSTEN_GROUP,
    "Technical Services Test Buyers": TECHNICAL_SERVICES_GROUP,
}

# organisation → (user name, first name, e-mail, [(account legal name, country, VAT number)])
ORGANISATIONS = {
    "Adams Office Supplies": (
        "elise",
        "Elise",
        "elise@example.com",
        [
            ("Adams Office Supplies (IT) - Test", "IT", "IT00743110157"),
            ("Adams Office Supplies (GB)", "GB", "GB980780684"),
        ],
    ),
    "Brightwater Traders": (
        "tom",
        "Tom",
        "tom@example.com",
        [("Brightwater Traders Ltd", "GB", "GB434031494")],
    ),
}


# A postal address per country for the demo buyers (EN 16931 BG-8: invoices carry it).
DEMO_ADDRESSES = {
    "GB": ("30 Old Bailey", "London", "EC4M 7AU"),
    "GG": ("Les Banques", "St Peter Port", "GY1 1AA"),
    "BG": ("bul. Vitosha 1", "Sofia", "1000"),
    "DE": ("Friedrichstraße 68", "Berlin", "10117"),
    "MY": ("Jalan Ampang 50", "Kuala Lumpur", "50450"),
    "FR": ("12 rue de la Paix", "Paris", "75002"),
    "PL": ("ul. Marszałkowska 10", "Warszawa", "00-590"),
    "CZ": ("Václavské náměstí 1", "Praha", "110 00"),
    "HU": ("Andrássy út 12", "Budapest", "1061"),
    "IT": ("Via Dante 7", "Milano", "20121"),
}
# Elise's accounts invoice from these addresses into these bank accounts.
DEMO_INVOICING = {
    "Adams Office Supplies (IT) - Test": {
        "street": "Via Torino 42", "post_code": "20123", "city": "Milano",
        "legal_registration_id": "MI-1234567", "iban": "IT60X0542811101000000123456", "bic": "BPMOIT22XXX",
    },
    "Adams Office Supplies (GB)": {
        "street": "14 Victoria Street", "post_code": "SW1H 0NB", "city": "London",
        "legal_registration_id": "01234567", "iban": "GB29NWBK60161331926819", "bic": "NWBKGB2L",
    },
}


def _buyer_upsert(number, name, country, vat, has_contact, *, is_test_buyer=False) -> BuyerEntity:
    street, city, post_code = DEMO_ADDRESSES.get(country, ("", "", ""))
    contact = {"ap_contact_name": "", "ap_contact_email": ""}
    if has_contact:
        contact = {
            "ap_contact_name": f"{name} Accounts Payable",
            "ap_contact_email": f"ap.{slugify(name)}@example.com",
        }
    buyer, _ = BuyerEntity.objects.update_or_create(
        network_number=number,
        defaults={
            "legal_name": name,
            "country": country,
            "vat_number": vat,
            "is_test_buyer": is_test_buyer,
            "street": street,
            "city": city,
            "post_code": post_code,
            **contact,
        },
    )
    return buyer


def _buyers_load() -> None:
    _buyer_upsert(
        settings.TEST_BUYER_NETWORK_NUMBER, "Network Test Buyer", "GB", TEST_BUYER_DETAILS["vat_number"], True,
        is_test_buyer=True,
    )
    for number, name, country, vat, has_contact in SINGLE_BUYERS:
        _buyer_upsert(number, name, country, vat, has_contact)
    for group_name, members in GROUPS.items():
        group, _ = BuyerGroup.objects.get_or_create(name=group_name)
        group.entities.add(*[_buyer_upsert(*member) for member in members])


def _user_get_or_create(username: str, first_name: str, email: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=email,
            verified_email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
        )
    return user


def _organisations_load() -> None:
    for org_name, (username, first_name, email, accounts) in ORGANISATIONS.items():
        org, _ = Organisation.objects.get_or_create(name=org_name)
        user = _user_get_or_create(username, first_name, email)
        Membership.objects.get_or_create(
            organisation=org, user=user, defaults={"role": Membership.Role.ADMIN}
        )
        for legal_name, country, vat in accounts:
            account = for_org(SupplierAccount, org).filter(legal_name=legal_name).first()
            if account is None:
                account = supplier_account_create(org=org, legal_name=legal_name, country=country, vat_number=vat)
            else:
                relationship_create(account=account, buyer=test_buyer_get())
            if legal_name in DEMO_INVOICING:
                supplier_account_invoicing_update(account=account, **DEMO_INVOICING[legal_name])


def _support_user_load() -> None:
    """Sam works the support tickets in Django admin."""
    user = _user_get_or_create("sam", "Sam", "sam@example.com")
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=SUPPORT_GROUP))


# The seed's challenge invoices: Demonstration Example Buyer's records of the IT test account.
SEED_INVOICES = [
    ("TNA9322", date(2015, 8, 10), "4508.00"),
    ("TNA9323", date(2015, 8, 24), "1250.00"),
    ("TNA9324", date(2015, 9, 7), "980.50"),
    ("TNA9325", date(2015, 9, 21), "3100.00"),
    ("TNA9326", date(2015, 10, 5), "75.20"),
]
# The IT account's other invoice data: these entities challenge it (Scenario 2); the other demo
# buyers have none of its invoices, so connecting to them asks the buyer (Scenario 1).
IT_RECORDS_AT = ["AAA489745059", "AAA652334046", "AAA858442379", "AAA014773592"]
IT_ACCOUNT, GB_ACCOUNT = "Adams Office Supplies (IT) - Test", "Adams Office Supplies (GB)"


def _seed_invoices_load(account: SupplierAccount) -> None:
    buyer = BuyerEntity.objects.get(legal_name="Demonstration Example Buyer")
    updated_at = datetime(2015, 11, 1, tzinfo=dt_timezone.utc)
    # In the order of customers.synthetic.RECORD_COLUMNS.
    invoice_records_load(
        iter(
            [
                (buyer.pk, account.vat_number, number, day, Decimal(amount), "EUR", "", "paid", None, "",
                 day + timedelta(days=30), f"PAY-{number}", updated_at)
                for number, day, amount in SEED_INVOICES
            ]
        )
    )


def _invoice_data_load(extra_records: int) -> None:
    """Recent records of the IT account at four buyers of the Tungsten group (connecting to them
    asks the invoice challenge, and their invoices load once it is passed), and the GB account already connected to Tungsten Network Limited with a few
    hundred records (and `extra_records` more) loaded through the real loader."""
    it_account = SupplierAccount.objects.get(legal_name=IT_ACCOUNT)
    gb_account = SupplierAccount.objects.get(legal_name=GB_ACCOUNT)
    _seed_invoices_load(it_account)
    today = timezone.localdate()
    for buyer in BuyerEntity.objects.filter(network_number__in=IT_RECORDS_AT):
        invoice_records_load(synthetic_invoice_records(buyer.pk, it_account.vat_number, 12, today=today, prefix="IT"))
    limited = BuyerEntity.objects.get(legal_name="Tungsten Network Limited")
    invoice_records_load(synthetic_invoice_records(limited.pk, gb_account.vat_number, 300 + extra_records, today=today, prefix="GB"))
    relationship = Relationship.objects.filter(account=gb_account, buyer=limited).first()
    if relationship is None:
        verification = Verification(
            how=Relationship.VerifiedBy.SUPPORT,
            vat_number=gb_account.vat_number,
            network_number=gb_account.network_number,
            vendor_code="ADAMS-GB",
            by_label="demo",
        )
        relationship_create(account=gb_account, buyer=limited, vendor_code="ADAMS-GB", verification=verification)
    elif extra_records:
        load_queue(relationship=relationship)


@transaction.atomic
def demo_load(*, invoices: int = 0) -> None:
    _buyers_load()
    name_words_refresh()
    _organisations_load()
    _support_user_load()
    _invoice_data_load(invoices)
