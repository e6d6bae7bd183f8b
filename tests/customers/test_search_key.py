"""The normalised search column is kept by every path that writes buyer names."""

import pytest
from django.urls import reverse

from customers.models import BuyerEntity, BuyerGroup, search_key
from customers.services import buyers_import
from customers.synthetic import synthetic_buyers, synthetic_buyers_load
from portal.demo import demo_load
from tests.factories import make_buyer


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BRNĚNSKÁ", "brnenska"),
        ("Łódź", "lodz"),
        ("Weißbach", "weissbach"),
        ("Ærø  Œuvre", "aero oeuvre"),
        ("Đakovo Þór", "dakovo thor"),
    ],
)
def test_the_key_has_no_case_accents_or_double_spaces(text, key):
    assert search_key(text) == key


def test_save_keeps_the_key(db):
    buyer = make_buyer("Kraków Drukarnia S.A.")
    assert buyer.search_name == "krakow drukarnia s.a."
    buyer.legal_name = "Gdańska Drukarnia S.A."
    buyer.save()
    assert BuyerEntity.objects.get(pk=buyer.pk).search_name == "gdanska drukarnia s.a."


def test_update_or_create_keeps_the_key(db):
    buyer = make_buyer("Old name")
    BuyerEntity.objects.update_or_create(network_number=buyer.network_number, defaults={"legal_name": "Lefèvre SA"})
    assert BuyerEntity.objects.get(pk=buyer.pk).search_name == "lefevre sa"


def test_the_csv_import_keeps_the_key_of_entities_and_groups(db):
    buyers_import(content="network_number,legal_name,country,groups\nAAA100000001,BRNĚNSKÁ Pekárna,CZ,Skupina Žatec\n".encode())
    assert BuyerEntity.objects.get(network_number="AAA100000001").search_name == "brnenska pekarna"
    assert BuyerGroup.objects.get().search_name == "skupina zatec"


def test_admin_keeps_the_key(admin_client):
    buyer = make_buyer("Old name", network_number="AAA100000002")
    response = admin_client.post(
        reverse("admin:customers_buyerentity_change", args=[buyer.pk]),
        {
            "network_number": "AAA100000002",
            "legal_name": "Société Générale SA",
            "country": "FR",
            "accepts_invoices": "on",
            "accepts_credit_notes": "on",
            "groups": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BuyerEntity.objects.get(pk=buyer.pk).search_name == "societe generale sa"


def test_the_demo_keeps_the_key(db):
    demo_load()
    assert not BuyerEntity.objects.filter(search_name="").exists()
    assert BuyerGroup.objects.get(name="TUNGSTEN ALL COMPANIES GROUP").search_name == "tungsten all companies group"


def test_the_synthetic_loader_keeps_the_key(db):
    """COPY on PostgreSQL, bulk_create elsewhere: neither calls save()."""
    synthetic_buyers_load(30)
    for number, name, _, _ in synthetic_buyers(30):
        assert BuyerEntity.objects.get(network_number=number).search_name == search_key(name)
