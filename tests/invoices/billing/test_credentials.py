"""Credentials at rest: encrypted, rotatable, refused without a key when DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from invoices.billing.services import billing_integration_save
from invoices.models import BillingIntegration
from portal.lib.encryption import SecretUnreadable, secret_decrypt

ROOT = Path(__file__).resolve().parents[3]


def _save(account, secret="s3cret-value"):
    return billing_integration_save(
        account=account,
        system="webhook",
        credentials={"url": "https://books.example/hook", "secret": secret},
        issue_zero_total=False,
        auto_push=True,
        include_link_in_email=False,
    )


def test_credentials_are_encrypted_in_the_database(account):
    _save(account)
    stored = BillingIntegration.objects.values_list("credentials_encrypted", flat=True).get()
    assert "s3cret-value" not in stored and "books.example" not in stored
    assert secret_decrypt(stored)["secret"] == "s3cret-value"


def test_keys_rotate(account, settings, capsys):
    old = settings.BILLING_CREDENTIALS_KEYS[0]
    _save(account)
    new = Fernet.generate_key().decode()
    settings.BILLING_CREDENTIALS_KEYS = [new, old]
    call_command("billing_credentials_rotate")
    assert "1 billing integrations re-encrypted." in capsys.readouterr().out
    settings.BILLING_CREDENTIALS_KEYS = [new]
    assert BillingIntegration.objects.get().credentials["secret"] == "s3cret-value"
    settings.BILLING_CREDENTIALS_KEYS = [old]
    with pytest.raises(SecretUnreadable) as unreadable:
        _ = BillingIntegration.objects.get().credentials
    assert "s3cret" not in str(unreadable.value)


def test_the_admin_never_shows_credentials(account, admin_client):
    integration = _save(account)
    for url in ("/admin/invoices/billingintegration/", f"/admin/invoices/billingintegration/{integration.pk}/change/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "s3cret-value" not in page and integration.credentials_encrypted not in page


def test_no_key_is_a_clear_startup_error_when_debug_is_off():
    env = {key: value for key, value in os.environ.items() if key != "BILLING_CREDENTIALS_KEYS"}
    env.update(DEBUG="False", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "BILLING_CREDENTIALS_KEYS must be set when DEBUG is False" in result.stderr
