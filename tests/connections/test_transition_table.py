"""ConnectionRequest.TRANSITIONS is the only authority on how a request's state may move."""

import itertools

import pytest

from connections.models import AuditEntry, ConnectionRequest
from connections.services import TransitionRefused, _transition
from tests.factories import make_buyer, make_request

State = ConnectionRequest.State
ALLOWED = {(from_state, to) for from_state, tos in ConnectionRequest.TRANSITIONS.items() for to in tos}
EVERY_MOVE = list(itertools.product(State.values, repeat=2))


@pytest.fixture
def req(org, member):
    return make_request(org, by=member, buyer=make_buyer())


def _in_state(req: ConnectionRequest, state: str) -> ConnectionRequest:
    ConnectionRequest.objects.filter(pk=req.pk).update(state=state)
    req.refresh_from_db()
    return req


def test_the_table_names_only_states_and_closed_states_move_nowhere():
    assert set(ConnectionRequest.TRANSITIONS) == set(ConnectionRequest.OPEN_STATES)
    assert {to for _from, to in ALLOWED} <= set(State.values)


@pytest.mark.parametrize(("from_state", "to"), sorted(ALLOWED))
def test_every_move_in_the_table_succeeds_and_is_audited(req, member, from_state, to):
    moved = _transition(_in_state(req, from_state), to, by=member)
    assert ConnectionRequest.objects.get(pk=req.pk).state == to == moved.state
    assert AuditEntry.objects.filter(request=req, from_state=from_state, to_state=to).exists()
    assert (moved.closed_at is None) == (to in ConnectionRequest.OPEN_STATES)


@pytest.mark.parametrize(("from_state", "to"), [move for move in EVERY_MOVE if move not in ALLOWED])
def test_every_other_move_is_refused_and_changes_nothing(req, member, from_state, to):
    req = _in_state(req, from_state)
    audited = AuditEntry.objects.filter(request=req).count()
    with pytest.raises(TransitionRefused):
        _transition(req, to, by=member)
    assert ConnectionRequest.objects.get(pk=req.pk).state == from_state
    assert AuditEntry.objects.filter(request=req).count() == audited
