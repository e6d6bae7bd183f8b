"""The Számla Agent adapter against the fake Agent (which checks every request against the XSDs)."""

from xml.etree import ElementTree as ET

import pytest

from invoices.billing.base import BillingError
from invoices.billing.szamlazz import NS, SzamlazzAdapter
from tests.invoices.billing.conftest import make_push_request

CREDENTIALS = {"agent_key": "agent-key-1"}


@pytest.fixture
def adapter(szamla_agent):
    return SzamlazzAdapter(CREDENTIALS)


def test_it_creates_the_invoice_with_our_ids(adapter, szamla_agent):
    request = make_push_request("2026-000042")
    created = adapter.create(request)
    assert created.number == "E-FAKE-2026-1"
    assert created.link == "https://www.szamlazz.hu/szamla/?page=vevoifiok&szamlaszam=E-FAKE-2026-1"
    [invoice] = szamla_agent.invoices
    assert invoice["external_id"] == str(request.invoice_id)
    assert invoice["order"] == "2026-000042"
    assert szamla_agent.requests == [("POST", "action-xmlagentxmlfile")]


def test_the_request_follows_the_schema(adapter):
    request = make_push_request()
    root = ET.fromstring(adapter.invoice_xml(request))
    assert root.tag == f"{{{NS}}}xmlszamla"
    assert [child.tag.split("}")[1] for child in root] == ["beallitasok", "fejlec", "elado", "vevo", "tetelek"]
    assert root.findtext(f"{{{NS}}}fejlec/{{{NS}}}keltDatum") == "2026-11-27"
    item = root.find(f"{{{NS}}}tetelek/{{{NS}}}tetel")
    assert item.findtext(f"{{{NS}}}nettoErtek") == "200.00"
    assert item.findtext(f"{{{NS}}}afaErtek") == "54.00"
    assert item.findtext(f"{{{NS}}}afakulcs") == "27"


def test_user_name_and_password_work_too(szamla_agent):
    # The fake accepts only the Agent key: the Agent's own refusal comes back in plain words.
    with pytest.raises(BillingError) as refused:
        SzamlazzAdapter({"username": "elise", "password": "wrong"}).create(make_push_request())
    assert refused.value.permanent
    assert "Sikertelen bejelentkezés" in str(refused.value)
    assert "wrong" not in str(refused.value)


def test_a_refused_invoice_is_a_permanent_failure_with_the_agents_message(adapter, szamla_agent):
    szamla_agent.fault("reject")
    with pytest.raises(BillingError) as refused:
        adapter.create(make_push_request())
    assert refused.value.permanent
    assert str(refused.value) == "Számlázz.hu: A tétel nettó értéke hibás. (error code 54)"
    assert szamla_agent.invoices == []


def test_an_answer_without_szlahu_headers_is_an_error(adapter, szamla_agent):
    szamla_agent.fault("bare")
    with pytest.raises(BillingError) as failed:
        adapter.create(make_push_request())
    assert not failed.value.permanent and failed.value.maybe_created


@pytest.mark.parametrize("fault", ["500", "429"])
def test_server_errors_are_temporary(adapter, szamla_agent, fault):
    szamla_agent.fault(fault)
    with pytest.raises(BillingError) as failed:
        adapter.create(make_push_request())
    assert not failed.value.permanent
    assert szamla_agent.invoices == []


@pytest.mark.parametrize("fault", ["slow", "drop"])
def test_a_lost_answer_is_an_unknown_outcome_that_the_query_resolves(adapter, szamla_agent, fault):
    request = make_push_request("2026-000007")
    szamla_agent.fault(fault)
    with pytest.raises(BillingError) as lost:
        adapter.create(request)
    assert lost.value.maybe_created and not lost.value.permanent
    found = adapter.find(request)
    assert found.number == "E-FAKE-2026-1"
    assert szamla_agent.requests[-1] == ("POST", "action-szamla_agent_xml")


def test_find_answers_none_when_the_agent_has_no_such_invoice(adapter):
    assert adapter.find(make_push_request()) is None


def test_the_agent_happily_creates_duplicates(adapter, szamla_agent):
    """Why the service queries before creating again: the Agent itself never refuses."""
    request = make_push_request()
    adapter.create(request)
    adapter.create(request)
    assert len(szamla_agent.invoices) == 2


def test_test_connection(adapter, szamla_agent):
    adapter.test_connection()
    with pytest.raises(BillingError) as refused:
        SzamlazzAdapter({"agent_key": "not-the-key"}).test_connection()
    assert str(refused.value) == "Számlázz.hu: Sikertelen bejelentkezés. (error code 3)"
