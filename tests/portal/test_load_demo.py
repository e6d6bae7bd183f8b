from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from connections.models import Relationship
from customers.models import BuyerEntity, BuyerGroup
from portal.demo import demo_load
from suppliers.models import Organisation, User


def table_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


def test_loading_twice_gives_the_same_rows(db):
    load()
    first = table_counts()
    accounts = list(Organisation.objects.values_list("accounts__network_number", flat=True))
    load()
    assert table_counts() == first
    assert list(Organisation.objects.values_list("accounts__network_number", flat=True)) == accounts


def test_the_demo_world_is_the_seed_tours(db, client):
    load()
    adams = Organisation.objects.get(name="Adams Office Supplies")
    assert set(adams.accounts.values_list("legal_name", flat=True)) == {
        "Adams Office Supplies (IT) - Test",
        "Adams Office Supplies (GB)",
    }
    assert client.login(request=HttpRequest(), username="elise", password="demo")
    assert client.login(request=HttpRequest(), username="tom", password="demo")
    assert all(user.email_is_verified for user in User.objects.all())
    tungsten = BuyerGroup.objects.get(name="TUNGSTEN ALL COMPANIES GROUP")
    assert tungsten.entities.count() == 7
    assert str(tungsten.entities.get(network_number="AAA652334046")) == (
        "AAA652334046 - Tungsten Corporation PLC (GB177907267)"
    )
    technical = BuyerGroup.objects.get(name="Technical Services Test Buyers")
    assert technical.entities.values("country").distinct().count() >= 3
    assert technical.entities.get(network_number="AAA206515132").country == "MY"
    assert BuyerEntity.objects.filter(legal_name="Demonstration Example Buyer").exists()


def test_every_demo_buyer_has_an_ap_contact_but_one(db):
    load()
    without = BuyerEntity.objects.filter(ap_contact_email="")
    assert list(without.values_list("legal_name", flat=True)) == ["Tungsten Network EOOD"]
    assert all(email.endswith("example.com") for email in BuyerEntity.objects.values_list("ap_contact_email", flat=True) if email)


def test_every_demo_account_is_connected_to_the_test_buyer(db):
    load()
    test_buyer = BuyerEntity.objects.get(network_number=settings.TEST_BUYER_NETWORK_NUMBER)
    assert test_buyer.is_test_buyer and test_buyer.legal_name == "Network Test Buyer"
    for org in Organisation.objects.all():
        for account in org.accounts.all():
            assert Relationship.objects.filter(account=account, buyer=test_buyer).exists()


def test_synthetic_entities_are_added_once_with_varied_names(db):
    load("--entities", "600")
    load("--entities", "600")
    synthetic = BuyerEntity.objects.filter(network_number__startswith="AAA9")
    assert synthetic.count() == 600
    names = " ".join(synthetic.values_list("legal_name", flat=True))
    for marker in ["GmbH", "s.r.o.", "Sp. z o.o.", "SARL", "Kft.", "Ltd", "é", "ł", "ő"]:
        assert marker in names


@pytest.mark.postgres
def test_synthetic_entities_load_through_copy_on_postgres(db):
    load("--entities", "3000")
    load("--entities", "3500")
    assert BuyerEntity.objects.filter(network_number__startswith="AAA9").count() == 3500


def test_the_demo_support_user_works_tickets_in_admin(db, client):
    demo_load()
    assert client.login(request=HttpRequest(), username="sam", password="demo")
    assert client.get(reverse("admin:tickets_supportticket_changelist")).status_code == 200
