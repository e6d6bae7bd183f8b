from django.urls import reverse

URL = reverse("invoicing:form-row")


def test_it_gives_the_next_line_and_counts_it_out_of_band(member_client):
    html = member_client.get(URL, {"kind": "lines", "lines-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="lines-2-description"' in html and 'for="id_lines-2-quantity"' in html
    assert 'id="id_lines-TOTAL_FORMS"' in html and 'value="3"' in html and 'hx-swap-oob="true"' in html
    assert "line 3" in html  # the row's fields are named for screen readers


def test_it_gives_an_allowance_or_charge_row(member_client):
    html = member_client.get(URL, {"kind": "charges", "charges-TOTAL_FORMS": "0"}).content.decode()
    assert 'name="charges-0-amount"' in html and 'name="charges-0-is_charge"' in html


def test_bad_input_is_a_clear_refusal_not_an_error(member_client):
    assert member_client.get(URL, {"kind": "nope"}).status_code == 404
    assert member_client.get(URL, {"kind": "lines", "lines-TOTAL_FORMS": "x"}).status_code == 400
    assert member_client.get(URL, {"kind": "lines", "lines-TOTAL_FORMS": "100000"}).status_code == 400


def test_it_rejects_post(member_client):
    assert member_client.post(URL, {"kind": "lines"}).status_code == 405
