"""A relationship records the supplier identities verified when it became active, and loads match
only those."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from challenges.services import Answer, challenge_answer, invoice_enter
from connections.buyer_link import buyer_link_token
from connections.models import Relationship
from connections.services import relationship_identity_confirm, request_confirm
from customers.services import test_buyer_get as the_test_buyer
from invoices.models import InvoiceStatus, LoadRun
from invoices.services import loads_refresh, records_for
from tests.factories import make_buyer, make_challenge, make_records, make_relationship, make_request, make_support_user

VerifiedBy = Relationship.VerifiedBy


def test_the_buyers_confirmation_records_what_its_page_showed(client, org, member, account, django_capture_on_commit_callbacks):
    req = make_request(org, by=member, vendor_code="V-9")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/buyer/{buyer_link_token(req)}/", {"answer": "confirm"})
    relationship = Relationship.objects.get(account=account, buyer=req.buyer)
    assert relationship.verified_identities() == {
        "supplier_vat_number": account.vat_number,
        "supplier_network_number": account.network_number,
        "vendor_code": "V-9",
    }
    assert (relationship.verified_how, relationship.verified_by, relationship.verified_by_label) == (
        VerifiedBy.BUYER, None, "ap@buyer.example"
    )
    assert relationship.verified_at is not None


def test_supports_confirmation_records_who_confirmed(org, member, account):
    support = make_support_user()
    req = make_request(org, by=member)
    relationship = request_confirm(req=req, by=support)
    assert (relationship.verified_how, relationship.verified_by) == (VerifiedBy.SUPPORT, support)
    assert relationship.verified_vat_number == account.vat_number


def test_the_test_buyer_verifies_nothing_and_loads_nothing(account, django_capture_on_commit_callbacks):
    relationship = Relationship.objects.get(account=account, buyer=the_test_buyer())
    make_records(the_test_buyer(), account, 3)
    assert relationship.verified_identities() == {}
    assert not records_for(relationship).exists()
    with django_capture_on_commit_callbacks(execute=True):
        loads_refresh()
    assert not InvoiceStatus.objects.filter(account=account).exists()


def _pass(challenge, member):
    invoice_enter(challenge=challenge, answer=Answer(date(2026, 10, 1), Decimal("100"), "INV0000000"), by=member)
    challenge.refresh_from_db()
    asked = challenge.challenged_record
    challenge_answer(challenge=challenge, answer=Answer(asked.invoice_date, asked.amount), by=member)
    return Relationship.objects.get(account=challenge.request.account, buyer=challenge.request.buyer)


def test_the_challenge_records_only_the_identity_it_matched_on(org, member, account):
    challenge = make_challenge(org, by=member)  # records carrying the VAT number only
    relationship = _pass(challenge, member)
    assert relationship.verified_identities() == {"supplier_vat_number": account.vat_number}
    assert relationship.verified_how == VerifiedBy.CHALLENGE and relationship.verified_by == member


def test_the_challenge_records_a_network_number_and_a_vendor_code_the_records_carry(org, member, account):
    buyer = make_buyer()
    make_records(buyer, account, 5, supplier_vat_number="", supplier_network_number=account.network_number,
                 vendor_code="AD-77")
    relationship = _pass(make_request(org, buyer=buyer, by=member).challenge, member)
    assert relationship.verified_identities() == {
        "supplier_network_number": account.network_number,
        "vendor_code": "AD-77",
    }


def test_the_challenge_never_claims_a_network_number_the_buyer_recorded_wrongly(org, member, account):
    buyer = make_buyer()
    make_records(buyer, account, 5, supplier_network_number="AAA999999999")
    relationship = _pass(make_request(org, buyer=buyer, by=member).challenge, member)
    assert relationship.verified_identities() == {"supplier_vat_number": account.vat_number}


def test_loads_follow_the_verified_identity_not_the_accounts_current_one(account, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    make_records(buyer, account, 2)
    relationship = make_relationship(account, buyer)
    make_records(buyer, account, 3, start=10, supplier_vat_number="DE811569869")
    account.vat_number = "DE811569869"  # however it got there
    account.save()
    assert records_for(relationship).count() == 2


def test_paused_relationships_are_left_out_of_refreshes_and_loads(account, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    make_records(buyer, account, 2)
    with django_capture_on_commit_callbacks(execute=True):
        relationship = make_relationship(account, buyer)
    Relationship.objects.filter(pk=relationship.pk).update(paused_at=timezone.now())
    relationship.refresh_from_db()
    runs = LoadRun.objects.filter(relationship=relationship).count()
    loads_refresh()
    assert LoadRun.objects.filter(relationship=relationship).count() == runs
    assert not records_for(relationship).exists()


def test_supports_confirmation_of_a_new_identity_resumes_and_reloads(account, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    relationship = make_relationship(account, buyer, vendor_code="AD-1")
    account.vat_number = "DE811569869"
    account.save()
    make_records(buyer, account, 4)
    Relationship.objects.filter(pk=relationship.pk).update(paused_at=timezone.now())
    support = make_support_user()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = relationship_identity_confirm(relationship=relationship, by=support)
    assert confirmed.paused_at is None
    assert confirmed.verified_identities() == {
        "supplier_vat_number": "DE811569869",
        "supplier_network_number": account.network_number,
        "vendor_code": "AD-1",
    }
    assert InvoiceStatus.objects.filter(account=account).count() == 4


def test_the_test_buyer_cannot_be_confirmed(account):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        relationship_identity_confirm(
            relationship=Relationship.objects.get(account=account, buyer=the_test_buyer()), by=make_support_user()
        )


def test_only_support_confirms_a_new_identity_in_admin(client, account):
    from django.urls import reverse

    from tests.factories import make_user

    relationship = make_relationship(account, make_buyer())
    Relationship.objects.filter(pk=relationship.pk).update(paused_at=timezone.now())
    client.force_login(make_user(is_staff=True))
    changelist = reverse("admin:connections_relationship_changelist")
    response = client.post(changelist, {"action": "confirm_identity", "_selected_action": [relationship.pk]})
    assert response.status_code == 403
    relationship.refresh_from_db()
    assert relationship.paused_at is not None


def test_a_relationship_never_moves_to_another_account_in_admin(admin_client, account, org):
    from django.urls import reverse

    from tests.factories import make_account

    relationship = make_relationship(account, make_buyer(), vendor_code="AD-1")
    other = make_account(org)
    url = reverse("admin:connections_relationship_change", args=[relationship.pk])
    response = admin_client.post(url, {"account": other.pk, "buyer": relationship.buyer_id, "vendor_code": " ad-2 "})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.account, relationship.vendor_code, relationship.verified_vendor_code) == (account, "AD-2", "AD-1")
