from django.urls import reverse

from customers.models import BuyerGroup
from tests.factories import make_buyer

SEARCH = reverse("customers:search")


def test_htmx_gets_the_results_fragment_linking_to_connect(member_client, db, django_assert_num_queries):
    gmbh = make_buyer("Tungsten Network GmbH")
    group = BuyerGroup.objects.create(name="TUNGSTEN ALL COMPANIES GROUP")
    # Session, user, membership, account; then groups, entities, and (PostgreSQL) the word check
    # or (SQLite) the infix tier.
    with django_assert_num_queries(7):
        response = member_client.get(SEARCH, {"q": "tungsten"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert f'{reverse("connections:connect")}?buyer={gmbh.network_number}' in page
    assert f'{reverse("connections:connect")}?group={group.pk}' in page


def test_without_javascript_the_form_gets_a_whole_page(member_client, db):
    make_buyer("Tungsten Network GmbH")
    response = member_client.get(SEARCH, {"q": "network gmbh"})
    page = response.content.decode()
    assert "<html" in page and "Tungsten Network GmbH" in page
    assert "Search for your customer by its official legal name" in page
    assert 'value="network gmbh"' in page and 'role="combobox"' in page


def test_an_exact_number_links_to_its_entity(member_client, db):
    buyer = make_buyer("Tungsten Corporation PLC", country="GB", vat_number="GB177907267")
    page = member_client.get(SEARCH, {"q": "GB 177 907 267"}, HTTP_HX_REQUEST="true").content.decode()
    assert f"?buyer={buyer.network_number}" in page and "Tungsten Corporation PLC (GB177907267)" in page


def test_it_says_when_nothing_matches_or_the_query_is_short(member_client, db):
    assert "No customer matches" in member_client.get(SEARCH, {"q": "xqzw"}, HTTP_HX_REQUEST="true").content.decode()
    assert "at least two characters" in member_client.get(SEARCH, {"q": "x"}, HTTP_HX_REQUEST="true").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(SEARCH, {"q": "tungsten"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_asks_for_a_narrower_search_when_more_match_than_it_shows(member_client, db):
    for n in range(11):
        make_buyer(f"Acme Trading {n}")
    page = member_client.get(SEARCH, {"q": "acme"}, HTTP_HX_REQUEST="true").content.decode()
    assert page.count('role="option"') == 10
    assert "Only the first 10 matches are shown" in page


def test_it_does_not_ask_for_a_narrower_search_when_it_shows_every_match(member_client, db):
    for n in range(10):
        make_buyer(f"Acme Trading {n}")
    page = member_client.get(SEARCH, {"q": "acme"}, HTTP_HX_REQUEST="true").content.decode()
    assert page.count('role="option"') == 10
    assert "Only the first" not in page


def test_it_finds_accented_names_typed_without_accents(member_client, db):
    make_buyer("Brněnská strojírna s.r.o.")
    page = member_client.get(SEARCH, {"q": "BRNENSKA"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Brněnská strojírna s.r.o." in page
