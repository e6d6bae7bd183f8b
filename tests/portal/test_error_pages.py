"""Friendly 404, 405 and 500 pages: the portal's look, the user's language, a way back."""

import pytest
from django.urls import include, path, reverse


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", _fails), path("", include("portal.urls"))]


def _is_the_portals_page(response, heading):
    page = response.content.decode()
    assert heading in page
    assert 'href="/static/portal/portal.css"' in page
    assert f'href="{reverse("home")}"' in page


def test_an_unknown_address_is_a_friendly_404(member_client):
    response = member_client.get("/no-such-page/")
    assert response.status_code == 404
    _is_the_portals_page(response, "Page not found")


def test_another_organisations_object_is_the_same_friendly_404(outsider_client, org):
    account = org.accounts.get()
    response = outsider_client.get(reverse("suppliers:account-edit", kwargs={"account_code": account.code}))
    assert response.status_code == 404
    _is_the_portals_page(response, "Page not found")


@pytest.mark.parametrize("name", ["logout", "suppliers:account-switch", "suppliers:email-verification-resend"])
def test_a_get_on_a_post_only_address_is_a_friendly_405(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 405
    assert response["Allow"]
    _is_the_portals_page(response, "This page cannot be opened this way")


def test_the_405_page_is_in_the_users_language(client):
    response = client.get(reverse("logout"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 405
    assert '<html lang="de">' in response.content.decode()
    assert "This page cannot be opened this way" not in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language,missing", [("en", ""), ("fr", "Something went wrong")])
def test_an_error_is_a_friendly_500_in_the_users_language(client, language, missing):
    client.raise_request_exception = False
    response = client.get("/fails/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'href="/static/portal/portal.css"' in page and f'href="{reverse("home")}"' in page
    if missing:
        assert missing not in page
    else:
        assert "Something went wrong" in page


def test_a_form_posted_without_its_token_is_a_friendly_403(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("suppliers:my-account"), {"first_name": "Elise"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="de">' in page and 'href="/static/portal/portal.css"' in page
    assert "Dieses Formular ist abgelaufen" in page


def test_a_forbidden_admin_page_is_a_friendly_403(client, db):
    from tests.factories import make_user

    client.force_login(make_user(is_staff=True))
    response = client.get(reverse("admin:tickets_supportticket_attachment", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 403
    _is_the_portals_page(response, "Not allowed")
