"""The header's invoice search: any case, a notice at the limit, the box keeps what was typed, and
each row leads to its invoice (issue 13, the newcomer's tour)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from invoices.models import InvoiceStatus
from invoices.selectors import invoices_matching
from tests.factories import make_buyer, make_invoice_status

SEARCH = reverse("invoices:search")


def _numbers(response):
    return [row.invoice_number for row in response.context["hits"].rows]


@pytest.mark.parametrize(
    "query,found",
    [
        ("inv0000105", ["INV0000105"]),
        ("Inv0000105", ["INV0000105"]),
        ("pay1", None),  # a payment reference, 13 invoices
        ("réclamation", []),
        ("inv000010*", [f"INV000010{n}" for n in range(6)]),  # newest first
    ],
)
def test_it_finds_numbers_in_any_case(member_client, mixed, query, found):
    numbers = _numbers(member_client.get(SEARCH, {"q": query}))
    assert numbers == found if found is not None else len(numbers) == 13


@pytest.mark.parametrize("query", ["IN*", "INV*00*", "", "INV\x00*", "x" * 60])
def test_a_query_it_cannot_take_says_how_to_search(member_client, mixed, query):
    response = member_client.get(SEARCH, {"q": query})
    assert response.status_code == 200 and response.context["hits"] is None
    assert "at least three characters" in response.content.decode()


def test_it_says_when_results_stop_at_the_limit(member_client, org, settings):
    for n in range(101):
        make_invoice_status(org, invoice_number=f"LIM{n:04d}")
    response = member_client.get(SEARCH, {"q": "lim*"})
    assert len(_numbers(response)) == 100 and response.context["hits"].more
    assert "Only the first 100 invoices found are shown: refine your search." in response.content.decode()
    InvoiceStatus.objects.filter(invoice_number="LIM0000").delete()
    response = member_client.get(SEARCH, {"q": "lim*"})
    assert len(_numbers(response)) == 100 and not response.context["hits"].more
    assert "refine your search" not in response.content.decode()


@pytest.mark.parametrize("query", ["inv0000105", "Ré*"])
def test_the_box_keeps_what_was_typed(member_client, mixed, query):
    html = member_client.get(SEARCH, {"q": query}).content.decode()
    assert f'name="q" class="form-control" required value="{query}"' in html


def test_each_row_links_to_its_invoice(member_client, org, account):
    status = make_invoice_status(org, invoice_number="2026/INV-0001", po_number="PO-77")
    response = member_client.get(SEARCH, {"q": "po-77"})
    url = reverse(
        "invoices:invoice-detail",
        kwargs={"account_code": account.code, "buyer_number": status.buyer.network_number, "invoice_number": "2026/INV-0001"},
    )
    assert f'href="{url}"' in response.content.decode()
    detail = member_client.get(url)
    assert detail.status_code == 200 and detail.context["invoice"] == status
    assert "PO-77" in detail.content.decode() and "4,508.00 EUR" in detail.content.decode()


def test_another_organisations_invoice_is_a_404(outsider_client, org, account):
    status = make_invoice_status(org)
    url = reverse(
        "invoices:invoice-detail",
        kwargs={"account_code": account.code, "buyer_number": status.buyer.network_number, "invoice_number": status.invoice_number},
    )
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.get(SEARCH, {"q": status.invoice_number}).context["hits"].rows == []


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["inv0000105", "inv00001*"])
def test_on_postgresql_each_number_is_looked_up_in_its_index(org, account, query):
    from django.db import connection

    buyer = make_buyer()
    InvoiceStatus.objects.bulk_create(
        InvoiceStatus(
            organisation=org, account=account, buyer=buyer, invoice_number=f"INV{n:07d}", po_number=f"PO{n}",
            payment_reference=f"PAY{n}", invoice_date=date(2026, 1, 1), amount=1, currency="EUR", status="paid",
            source_updated_at=timezone.now(),
        )
        for n in range(20_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE invoices_invoicestatus")
    plan = invoices_matching(org=org, query=query).explain()
    assert "Seq Scan" not in plan, plan
    for index in ["invoice_status_invoice_search", "invoice_status_po_search", "invoice_status_payment_search"]:
        assert index in plan, plan


def test_the_page_costs_the_same_queries_for_one_or_a_hundred_rows(member_client, org, django_assert_max_num_queries):
    make_invoice_status(org, invoice_number="ONE0001")
    with django_assert_max_num_queries(6) as one:
        member_client.get(SEARCH, {"q": "one*"})
    for n in range(100):
        make_invoice_status(org, invoice_number=f"MANY{n:04d}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        member_client.get(SEARCH, {"q": "many*"})


def test_the_status_list_links_each_invoice_to_its_page(member_client, account, mixed):
    html = member_client.get(reverse("invoices:status")).content.decode()
    url = reverse(
        "invoices:invoice-detail",
        kwargs={"account_code": account.code, "buyer_number": mixed.network_number, "invoice_number": "INV0000400"},
    )
    assert f'href="{url}"' in html and member_client.get(url).status_code == 200


@pytest.mark.parametrize("query,offered", [("inv000010", "inv000010*"), ("PO 77", "PO 77*")])
def test_an_exact_number_that_finds_nothing_offers_the_numbers_starting_with_it(member_client, mixed, query, offered):
    response = member_client.get(SEARCH, {"q": query})
    assert _numbers(response) == []
    assert response.context["prefix_query"] == offered
    assert f"?q={offered.replace(' ', '%20')}".replace("*", "%2A") in response.content.decode()


@pytest.mark.parametrize("query", ["in", "inv000010*", "inv0000105"])
def test_it_offers_no_prefix_search_when_it_could_not_help(member_client, mixed, query):
    assert member_client.get(SEARCH, {"q": query}).context["prefix_query"] == ""
