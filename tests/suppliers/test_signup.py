from django.conf import settings
from django.urls import reverse

from connections.models import Relationship
from suppliers.models import Membership, Organisation

SIGNUP = {
    "organisation_name": "Northwind Paper",
    "legal_name": "Northwind Paper s.r.o.",
    "country": "GB",
    "vat_number": "GB 980 7806 84",
    "username": "nora",
    "first_name": "Nora",
    "last_name": "North",
    "email": "nora@northwind.example",
    "password1": "correct-horse-battery",
    "password2": "correct-horse-battery",
}


def test_it_creates_the_organisation_its_account_and_an_admin(client, db):
    response = client.post(reverse("suppliers:signup"), SIGNUP)
    assert response.status_code == 302
    org = Organisation.objects.get(name="Northwind Paper")
    account = org.accounts.get()
    assert account.legal_name == "Northwind Paper s.r.o."
    assert account.vat_number == "GB980780684"
    assert account.network_number.startswith("AAA") and len(account.network_number) == 12
    membership = Membership.objects.get(organisation=org)
    assert membership.user.username == "nora"
    assert membership.role == Membership.Role.ADMIN


def test_the_new_account_is_connected_to_the_test_buyer_at_once(client, db):
    client.post(reverse("suppliers:signup"), SIGNUP)
    relationship = Relationship.objects.get(account__legal_name="Northwind Paper s.r.o.")
    assert relationship.buyer.network_number == settings.TEST_BUYER_NETWORK_NUMBER
    assert relationship.buyer.is_test_buyer
    page = client.get(reverse("connections:relationships")).content.decode()
    assert "Network Test Buyer" in page


def test_it_signs_the_new_user_in(client, db):
    client.post(reverse("suppliers:signup"), SIGNUP)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Welcome Nora" in response.content.decode()


def test_a_bad_vat_number_re_renders_the_form_and_saves_nothing(client, db):
    response = client.post(reverse("suppliers:signup"), SIGNUP | {"vat_number": "GB123"})
    assert response.status_code == 200
    assert "This is not a valid VAT number for the selected country." in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_e_mail_address_in_use_is_refused(client, member):
    response = client.post(reverse("suppliers:signup"), SIGNUP | {"email": member.email.upper()})
    assert response.status_code == 200
    assert "A user with this e-mail address already exists." in response.content.decode()
