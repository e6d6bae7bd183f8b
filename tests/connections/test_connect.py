import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.lib.uploads import MAX_ATTACHMENT_BYTES
from connections.models import Attachment, ConnectionRequest, Relationship
from customers.models import BuyerGroup
from tests.factories import PDF_BYTES, make_account, make_buyer, make_org, make_request

CONNECT = reverse("connections:connect")


@pytest.fixture
def group(db):
    group = BuyerGroup.objects.create(name="TUNGSTEN ALL COMPANIES GROUP")
    group.entities.set(
        [
            make_buyer("Tungsten Network GmbH", country="DE"),
            make_buyer("Tungsten Corporation PLC", country="GB"),
            make_buyer("Tungsten Network Limited", country="GB"),
        ]
    )
    return group


def _entity(group, name):
    return group.entities.get(legal_name=name)


def test_a_chosen_entity_shows_what_was_selected_and_only_own_accounts(member_client, org, group):
    make_org("Brightwater Traders")
    gmbh = _entity(group, "Tungsten Network GmbH")
    response = member_client.get(CONNECT, {"buyer": gmbh.network_number})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You selected:" in page and gmbh.network_number in page and "Germany" in page
    assert [account.legal_name for account in response.context["form"].fields["account"].queryset] == [
        account.legal_name for account in org.accounts.order_by("legal_name")
    ]
    assert "Brightwater" not in page


def test_the_group_is_a_tree_by_country_with_taken_entities_disabled(member_client, account, group):
    plc = _entity(group, "Tungsten Corporation PLC")
    Relationship.objects.create(organisation=account.organisation, account=account, buyer=plc)
    response = member_client.get(CONNECT, {"group": group.pk})
    choice = response.context["choice"]
    assert [country for country, _ in choice.by_country] == ["Germany", "United Kingdom"]
    assert {candidate.entity.legal_name: candidate.state for candidate in choice.candidates}["Tungsten Corporation PLC"] == "Connected"
    assert f'value="{plc.network_number}"' not in response.content.decode()
    assert "Select the whole group" in response.content.decode()


def test_connect_creates_a_request_per_ticked_entity_and_shows_the_reference(member_client, account, group):
    gmbh, limited = _entity(group, "Tungsten Network GmbH"), _entity(group, "Tungsten Network Limited")
    response = member_client.post(
        f"{CONNECT}?buyer={gmbh.network_number}",
        {
            "account": account.code,
            "entities": [gmbh.network_number, limited.network_number],
            "vendor_code": " V-77 ",
            "notes": "We supply your Munich office",
            "attachment": SimpleUploadedFile("po.pdf", PDF_BYTES, content_type="application/pdf"),
        },
        follow=True,
    )
    reqs = ConnectionRequest.objects.filter(account=account).order_by("buyer__legal_name")
    assert [req.buyer for req in reqs] == [gmbh, limited]
    assert {req.vendor_code for req in reqs} == {"V-77"}
    assert reqs[0].attachment == reqs[1].attachment and reqs[0].attachment.content_type == "application/pdf"
    page = response.content.decode()
    for req in reqs:
        assert f"Your reference number is {req.ticket.reference}" in page
    assert "will be processed by" in page


def test_the_whole_group_box_asks_every_open_entity(member_client, account, group):
    member_client.post(f"{CONNECT}?group={group.pk}", {"account": account.code, "whole_group": "on"})
    assert ConnectionRequest.objects.filter(account=account).count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00 not a pdf at all", "Attach a PDF, PNG, JPEG or TIFF document."),
        ("scan.tiff", b"II*\x00" + b"\x00" * (MAX_ATTACHMENT_BYTES - 3), "at most 10.0"),
    ],
)
def test_a_wrong_or_large_attachment_is_a_form_error_and_nothing_is_saved(member_client, account, group, name, content, message):
    gmbh = _entity(group, "Tungsten Network GmbH")
    response = member_client.post(
        f"{CONNECT}?buyer={gmbh.network_number}",
        {"account": account.code, "entities": [gmbh.network_number], "attachment": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("\xa0", " ")
    assert ConnectionRequest.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    "magic,kind",
    [
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"MM\x00*", "image/tiff"),
        (b"II*\x00", "image/tiff"),
        (b"%PDF-1.7", "application/pdf"),
    ],
    ids=["png", "jpeg", "tiff-big-endian", "tiff-little-endian", "pdf"],
)
def test_the_accepted_kinds_are_recognised_by_content(member_client, account, group, magic, kind):
    gmbh = _entity(group, "Tungsten Network GmbH")
    member_client.post(
        f"{CONNECT}?buyer={gmbh.network_number}",
        {"account": account.code, "entities": [gmbh.network_number], "attachment": SimpleUploadedFile("x.bin", magic + b"data")},
    )
    assert Attachment.objects.get().content_type == kind


def test_nothing_ticked_is_a_form_error(member_client, account, group):
    response = member_client.post(f"{CONNECT}?group={group.pk}", {"account": account.code})
    assert response.status_code == 200
    assert response.context["form"].errors["entities"] == [
        "Select the entities you want to connect with, or select the buyer group."
    ]
    assert ConnectionRequest.objects.count() == 0


def test_another_organisations_account_cannot_be_chosen(member_client, group):
    other = make_org("Brightwater Traders").accounts.get()
    gmbh = _entity(group, "Tungsten Network GmbH")
    response = member_client.post(
        f"{CONNECT}?buyer={gmbh.network_number}", {"account": other.code, "entities": [gmbh.network_number]}
    )
    assert response.status_code == 200
    assert ConnectionRequest.objects.count() == 0


def test_a_refused_buyer_is_explained_on_the_form(member_client, account, group):
    gmbh = _entity(group, "Tungsten Network GmbH")
    data = {"account": account.code, "entities": [gmbh.network_number]}
    member_client.post(f"{CONNECT}?buyer={gmbh.network_number}", data)
    # The entity is no longer offered (its request is open); the whole-group box cannot reach it.
    response = member_client.post(f"{CONNECT}?buyer={gmbh.network_number}", data)
    assert response.status_code == 200
    assert "entities" in response.context["form"].errors
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize(
    "params", [{"buyer": "NOPE"}, {"buyer": "AAA000000000"}, {"buyer": "AAA\x00"}, {"group": "9" * 30}, {"group": "x"}]
)
def test_an_unknown_or_malformed_choice_says_not_found_with_the_search(member_client, params):
    response = member_client.get(CONNECT, params)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Customer not found" in page
    assert 'id="directory-search"' in page


def test_the_search_page_alone_says_nothing_is_missing(member_client):
    response = member_client.get(CONNECT)
    assert response.status_code == 200
    assert "Customer not found" not in response.content.decode()


def test_another_organisations_requests_are_not_shown_as_submitted(outsider_client, org):
    req = make_request(org)
    response = outsider_client.get(reverse("connections:requests-submitted"), {"r": str(req.code)})
    assert response.status_code == 404


def test_a_pending_request_is_offered_instead_of_connect(member_client, org):
    buyer = make_buyer("Kovo s.r.o.", country="CZ")
    pending = make_request(org, buyer=buyer)
    response = member_client.get(CONNECT, {"buyer": buyer.network_number})
    page = response.content.decode()
    assert f"You already have a pending request (reference {pending.ticket.reference})" in page
    assert reverse("connections:request-detail", kwargs={"request_code": pending.code}) in page
    assert 'id="connect-fields" hidden' in page  # no CONNECT to press
    assert f'value="{buyer.network_number}"' not in page


def test_a_pending_request_of_a_selected_group_entity_is_offered_beside_the_others(member_client, org, group):
    gmbh = _entity(group, "Tungsten Network GmbH")
    pending = make_request(org, buyer=gmbh)
    page = member_client.get(CONNECT, {"buyer": gmbh.network_number}).content.decode()
    assert f"You already have a pending request (reference {pending.ticket.reference})" in page
    assert f'name="entities" value="{gmbh.network_number}"' not in page
    assert 'id="connect-fields" hidden' not in page  # the group's other entities may be asked


def test_a_pending_request_in_the_group_tree_links_to_itself(member_client, org, group):
    limited = _entity(group, "Tungsten Network Limited")
    pending = make_request(org, buyer=limited)
    page = member_client.get(CONNECT, {"group": group.pk}).content.decode()
    assert f"(reference {pending.ticket.reference})" in page
    assert 'id="connect-fields" hidden' not in page  # the other entities may still be asked


def test_the_tree_follows_the_account_chosen_in_the_form_not_the_header(member_client, org, account, group):
    other = make_account(org, "Adams Office Supplies (GB)")
    gmbh = _entity(group, "Tungsten Network GmbH")
    Relationship.objects.create(organisation=org, account=other, buyer=gmbh)
    in_use = member_client.get(CONNECT, {"group": group.pk})
    assert {c.entity: c.state for c in in_use.context["choice"].candidates}[gmbh] == ""
    chosen = member_client.get(CONNECT, {"group": group.pk, "account": other.code})
    assert {c.entity: c.state for c in chosen.context["choice"].candidates}[gmbh] == "Connected"
    assert chosen.context["form"]["account"].value() == other.code
    # Without JavaScript, "Show for this account" posts the form and asks nothing.
    shown = member_client.post(f"{CONNECT}?group={group.pk}", {"account": other.code, "show_account": "1", "notes": "Hi"})
    assert {c.entity: c.state for c in shown.context["choice"].candidates}[gmbh] == "Connected"
    assert shown.context["form"]["notes"].value() == "Hi"
    assert ConnectionRequest.objects.count() == 0


def test_connect_for_the_chosen_account_refuses_what_it_already_has(member_client, org, account, group):
    other = make_account(org, "Adams Office Supplies (GB)")
    gmbh = _entity(group, "Tungsten Network GmbH")
    Relationship.objects.create(organisation=org, account=other, buyer=gmbh)
    response = member_client.post(f"{CONNECT}?group={group.pk}", {"account": other.code, "entities": [gmbh.network_number]})
    assert response.status_code == 200
    assert "entities" in response.context["form"].errors
    assert ConnectionRequest.objects.count() == 0


def test_another_organisations_account_in_the_query_is_ignored(member_client, org, account, group):
    theirs = make_org("Brightwater Traders").accounts.get()
    response = member_client.get(CONNECT, {"group": group.pk, "account": theirs.code})
    assert response.context["form"]["account"].value() == account.code
