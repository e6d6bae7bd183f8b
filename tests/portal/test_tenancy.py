import pytest
from django.http import Http404
from django.urls import reverse

from connections.models import Relationship
from portal.lib.tenancy import for_org, get_object_for_org_or_404
from suppliers.models import SupplierAccount
from tests.factories import make_account, make_user


def test_for_org_keeps_only_the_organisations_rows(org, other_org):
    assert list(for_org(SupplierAccount, org)) == list(org.accounts.all())
    assert set(for_org(Relationship.objects.all(), other_org)) == set(
        Relationship.objects.filter(account__organisation=other_org)
    )


def test_for_org_without_an_organisation_is_empty(org):
    assert not for_org(SupplierAccount, None).exists()


def test_get_object_for_org_or_404_answers_another_orgs_row_like_a_missing_one(org, other_org):
    theirs = other_org.accounts.get()
    with pytest.raises(Http404):
        get_object_for_org_or_404(SupplierAccount, org, code=theirs.code)
    assert get_object_for_org_or_404(SupplierAccount, other_org, code=theirs.code) == theirs


def test_middleware_puts_org_and_first_account_on_the_request(member_client, org, account):
    response = member_client.get(reverse("home"))
    assert response.wsgi_request.org == org
    assert response.wsgi_request.account == account


def test_switching_account_keeps_it_in_the_session(member_client, org):
    second = make_account(org, "Adams Office Supplies (GB)")
    response = member_client.post(reverse("suppliers:account-switch"), {"account": second.code})
    assert response.status_code == 302
    response = member_client.get(reverse("home"))
    assert response.wsgi_request.account == second
    assert 'selected>Adams Office Supplies (GB)</option>' in response.content.decode()


def test_switching_to_another_orgs_account_is_a_404(member_client, org, account, other_org):
    theirs = other_org.accounts.get()
    response = member_client.post(reverse("suppliers:account-switch"), {"account": theirs.code})
    assert response.status_code == 404
    assert member_client.get(reverse("home")).wsgi_request.account == account


def test_switching_rejects_get(member_client):
    assert member_client.get(reverse("suppliers:account-switch")).status_code == 405


def test_switching_never_redirects_off_site(member_client, org):
    second = make_account(org)
    response = member_client.post(
        reverse("suppliers:account-switch"), {"account": second.code, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_support_staff_without_an_organisation_are_sent_to_admin(client, db):
    client.force_login(make_user(is_staff=True))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_users_without_an_organisation_get_404_on_supplier_pages(client, db):
    client.force_login(make_user())
    assert client.get(reverse("home")).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
