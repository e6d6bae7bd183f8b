from django.conf import settings
from django.urls import reverse

from connections.models import Relationship
from tests.factories import make_account


def test_it_shows_the_organisation_and_its_accounts(member_client, org, account):
    page = member_client.get(reverse("suppliers:my-account")).content.decode()
    assert org.name in page
    assert account.network_number in page


def test_it_hides_other_organisations_accounts(member_client, other_org):
    page = member_client.get(reverse("suppliers:my-account")).content.decode()
    assert other_org.accounts.get().network_number not in page


def test_adding_an_account_connects_it_to_the_test_buyer(org_admin_client, org):
    response = org_admin_client.post(
        reverse("suppliers:account-add"),
        {"legal_name": "Adams Office Supplies (DE)", "country": "DE", "vat_number": "DE 255 790 071"},
    )
    assert response.status_code == 302
    account = org.accounts.get(legal_name="Adams Office Supplies (DE)")
    assert account.vat_number == "DE255790071"
    assert Relationship.objects.get(account=account).buyer.network_number == settings.TEST_BUYER_NETWORK_NUMBER


def test_a_bad_account_is_not_saved(org_admin_client, org):
    response = org_admin_client.post(reverse("suppliers:account-add"), {"legal_name": "", "country": "DE", "vat_number": "DE1"})
    assert response.status_code == 200
    assert org.accounts.count() == 1


def test_editing_an_account(org_admin_client, account):
    response = org_admin_client.post(
        reverse("suppliers:account-edit", args=[account.code]),
        {"legal_name": "Renamed Ltd", "country": "GB", "vat_number": "GB980780684"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.legal_name == "Renamed Ltd"


def test_saving_the_preferred_language(member_client, member):
    response = member_client.post(
        reverse("suppliers:my-account"),
        {"first_name": "Elise", "last_name": "", "email": member.email, "preferred_language": "fr"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_adding_an_account_is_headed_as_such_not_with_the_account_in_use(org_admin_client, account):
    page = org_admin_client.get(reverse("suppliers:account-add")).content.decode()
    assert "<h1>Add a supplier account</h1>" in page
    assert account.network_number not in page


def test_editing_an_account_is_headed_with_that_account_not_the_one_in_use(org_admin_client, org, account):
    other = make_account(org, "Adams Office Supplies (GB)")
    page = org_admin_client.get(reverse("suppliers:account-edit", args=[other.code])).content.decode()
    assert "<h1>Adams Office Supplies (GB)</h1>" in page
    assert f"<strong>{other.network_number}</strong>" in page
    assert f"<strong>{account.network_number}</strong>" not in page
