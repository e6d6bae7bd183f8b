"""What the supplier sees after CONNECT: each request in words that fit its state now, and a
heading counted with ngettext."""

from django.urls import reverse

from connections.services import request_confirm, request_reject, request_withdraw
from connections.batch import batch_query
from tests.factories import make_buyer, make_challenge, make_request


def _submitted(client, reqs) -> str:
    url = f"{reverse('connections:requests-submitted')}?{batch_query([req.code for req in reqs])}"
    return client.get(url).content.decode()


def test_four_requests_are_counted_in_the_heading(member_client, org):
    reqs = [make_request(org) for _ in range(4)]
    page = _submitted(member_client, reqs)
    assert "Your 4 requests have been received" in page
    assert page.count("will be processed by") == 4


def test_one_request_is_singular(member_client, org):
    page = _submitted(member_client, [make_request(org)])
    assert "<h1>Your request has been received</h1>" in page


def test_answered_requests_no_longer_say_they_will_be_processed(member_client, member, org):
    connected, rejected, withdrawn, waiting = (make_request(org, buyer=make_buyer()) for _ in range(4))
    request_confirm(req=connected, actor_label="ap@buyer.example")
    request_reject(req=rejected, actor_label="ap@buyer.example")
    request_withdraw(req=withdrawn, by=member)
    page = _submitted(member_client, [connected, rejected, withdrawn, waiting])
    assert page.count("will be processed by") == 1
    assert "you are now connected to this customer" in page
    assert "it was rejected" in page
    assert "You withdrew this request" in page
    assert f"Reference number {connected.ticket.reference}." in page


def test_a_challenged_request_offers_its_verification(member_client, org):
    challenge = make_challenge(org)
    page = _submitted(member_client, [challenge.request])
    assert reverse("challenges:activate", kwargs={"challenge_code": challenge.code}) in page
    assert "will be processed by" not in page


def test_the_page_takes_a_fixed_number_of_queries(member_client, org, django_assert_max_num_queries):
    reqs = [make_request(org) for _ in range(3)] + [make_challenge(org).request]
    with django_assert_max_num_queries(6):  # the same for 2 requests as for 8
        _submitted(member_client, reqs)
