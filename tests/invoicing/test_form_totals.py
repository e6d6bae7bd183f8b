from django.urls import reverse

from tests.invoicing.conftest import form_data

URL = reverse("invoicing:form-totals")


def _totals(client, data, **headers):
    response = client.get(URL, data, **headers)
    assert response.status_code == 200
    return response


def test_it_totals_what_is_typed_by_the_one_function(member_client, test_buyer):
    data = form_data(
        test_buyer,
        lines=[("Paper", "10", "4.50", "21"), ("Toner", "3", "0.335", "21")],
        charges=[("1", "Shipping", "5", "21"), ("0", "Loyalty", "2.00", "21")],
    )
    response = _totals(member_client, data)
    computed = response.context["totals"].totals
    # 45.00 + 1.01 (1.005 half up), + 5 - 2 = 49.01; VAT 21 % once on the group: 10.29.
    assert (str(computed.line_net_total), str(computed.tax_exclusive), str(computed.tax_total)) == ("46.01", "49.01", "10.29")
    html = response.content.decode()
    assert 'data-total="BT-115">59.30 EUR' in html
    assert '<output id="lines-1-net" hx-swap-oob="true">1.01</output>' in html


def test_it_reads_amounts_the_users_way_and_skips_lines_not_readable_yet(member_client, test_buyer):
    data = form_data(test_buyer, lines=[("Papier", "1,5", "1.000,00", "19"), ("Halb", "2", "1.0", "19")])
    response = _totals(member_client, data, HTTP_ACCEPT_LANGUAGE="de")
    assert str(response.context["totals"].totals.payable) == "1785.00"
    assert response.context["skipped_rows"]
    assert 'data-total="BT-115">1.785,00 EUR' in response.content.decode()


def test_removed_rows_do_not_count(member_client, test_buyer):
    data = form_data(test_buyer, lines=[("Paper", "10", "4.50", "21"), ("Gone", "1", "100", "21")])
    data["lines-1-DELETE"] = "on"
    assert str(_totals(member_client, data).context["totals"].totals.tax_exclusive) == "45.00"


def test_nothing_readable_yet(member_client, test_buyer):
    response = _totals(member_client, form_data(test_buyer, lines=[("Paper", "", "", "21")], currency="XXX"))
    assert response.context["totals"] is None and response.context["currency"] == "EUR"
