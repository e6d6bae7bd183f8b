"""Settings → Integration: administrators connect a billing system; credentials stay encrypted
and are never shown back or logged; members see only that an integration exists."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from invoices.models import BillingIntegration
from portal.lib.encryption import secret_decrypt
from suppliers.models import Membership
from tests.factories import make_user

SECRET = "whsec_ZmFrZS1yZWNlaXZlci1zZWNyZXQta2V5"  # the fake receiver's default secret


@pytest.fixture
def url(account):
    return reverse("invoices:billing-integration", kwargs={"account_code": account.code})


def _webhook(receiver_url, secret=SECRET, **extra):
    return {"system": "webhook", "webhook_url": receiver_url, "webhook_secret": secret, "auto_push": "on", **extra}


def test_an_administrator_connects_a_webhook(org_admin_client, url, account, receiver, caplog):
    caplog.set_level(logging.DEBUG)
    response = org_admin_client.post(url, _webhook(receiver.url, issue_zero_total="on", action="save"))
    assert response.status_code == 302
    integration = BillingIntegration.objects.get(account=account)
    assert integration.system == "webhook" and integration.issue_zero_total and integration.auto_push
    assert not integration.include_link_in_email
    assert SECRET not in integration.credentials_encrypted
    assert secret_decrypt(integration.credentials_encrypted) == {"url": receiver.url, "secret": SECRET}
    page = org_admin_client.get(url).content.decode()
    assert receiver.url in page and SECRET not in page and "Saved. Leave empty to keep it." in page
    assert SECRET not in caplog.text


def test_an_empty_secret_keeps_the_saved_one(org_admin_client, url, account, receiver):
    org_admin_client.post(url, _webhook(receiver.url, action="save"))
    org_admin_client.post(url, _webhook(receiver.url, secret="", include_link_in_email="on", action="save"))
    integration = BillingIntegration.objects.get(account=account)
    assert integration.credentials["secret"] == SECRET and integration.include_link_in_email


def test_missing_credentials_re_render_with_what_was_typed(org_admin_client, url):
    response = org_admin_client.post(url, {"system": "szamlazz", "szamlazz_username": "elise", "action": "save"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter this to connect Számlázz.hu." in page and 'value="elise"' in page
    assert not BillingIntegration.objects.exists()


def test_an_agent_key_alone_is_enough(org_admin_client, url, account):
    org_admin_client.post(url, {"system": "szamlazz", "szamlazz_agent_key": "k-123", "action": "save"})
    assert BillingIntegration.objects.get(account=account).credentials == {"agent_key": "k-123"}


def test_test_connection_says_it_works(org_admin_client, url, receiver):
    response = org_admin_client.post(url, _webhook(receiver.url, action="test"))
    assert "The connection works." in response.content.decode()
    assert not BillingIntegration.objects.exists()  # testing saves nothing


def test_test_connection_shows_the_billing_systems_own_words(org_admin_client, url, szamla_agent, caplog):
    caplog.set_level(logging.DEBUG)
    response = org_admin_client.post(url, {"system": "szamlazz", "szamlazz_agent_key": "wrong-key-987", "action": "test"})
    page = response.content.decode()
    assert "The connection failed: Számlázz.hu: Sikertelen bejelentkezés. (error code 3)" in page
    assert "wrong-key-987" not in page and "wrong-key-987" not in caplog.text


def test_test_connection_to_billingo(org_admin_client, url, billingo):
    response = org_admin_client.post(url, {"system": "billingo", "billingo_api_key": "nope", "action": "test"})
    assert "Billingo: Authorization information (Header: X-API-KEY) is missing or invalid." in response.content.decode()
    response = org_admin_client.post(url, {"system": "billingo", "billingo_api_key": "billingo-key-1", "action": "test"})
    assert "The connection works." in response.content.decode()


@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.READ_ONLY])
def test_members_see_that_an_integration_exists_not_its_secrets(role, org, org_admin_client, url, receiver):
    org_admin_client.post(url, _webhook(receiver.url, action="save"))
    other = Client()
    other.force_login(make_user(org, role=role))
    page = other.get(url).content.decode()
    assert "Webhook" in page and SECRET not in page and receiver.url not in page and "<form" not in page.split("<main")[1].split("</main>")[0]
    assert other.post(url, _webhook("https://evil.example/", action="save")).status_code == 403
    assert BillingIntegration.objects.get().credentials["url"] == receiver.url


def test_another_organisation_gets_404(outsider_client, url):
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, _webhook("https://evil.example/", action="save")).status_code == 404
    assert not BillingIntegration.objects.exists()


def test_a_receiver_on_a_private_network_is_refused_with_what_was_typed(settings, org_admin_client, url, account):
    settings.BILLING_WEBHOOK_PRIVATE_ADDRESSES = False
    response = org_admin_client.post(url, _webhook("http://10.0.0.7/hooks", action="save"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "only to public internet addresses" in page and "http://10.0.0.7/hooks" in page
    assert not BillingIntegration.objects.filter(account=account).exists()
