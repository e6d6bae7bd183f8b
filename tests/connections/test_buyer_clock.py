"""Reminders at 3, 7 and 14 days and expiry at 30, run by beat, with a frozen clock."""

from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from django.core import mail

from connections.models import ConnectionRequest
from connections.tasks import buyer_reminders_send, requests_expire
from tests.factories import make_buyer, make_request

SENT = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def req(org, member, django_capture_on_commit_callbacks):
    with time_machine.travel(SENT, tick=False), django_capture_on_commit_callbacks(execute=True):
        req = make_request(org, buyer=make_buyer(), by=member)
    mail.outbox.clear()
    return req


def _run_on(day: int, task):
    with time_machine.travel(SENT + timedelta(days=day, minutes=1), tick=False):
        return task()


def test_reminders_go_on_days_3_7_and_14_and_never_twice(req):
    sent_on = {day: _run_on(day, buyer_reminders_send) for day in range(0, 29)}
    assert [day for day, sent in sent_on.items() if sent] == [3, 7, 14]
    assert len(mail.outbox) == 3
    assert all(message.to == ["ap@buyer.example"] for message in mail.outbox)
    req.refresh_from_db()
    assert req.reminders_sent == 3


def test_a_second_run_on_the_same_day_sends_nothing(req):
    assert _run_on(3, buyer_reminders_send) == 1
    assert _run_on(3, buyer_reminders_send) == 0


def test_an_answered_request_gets_no_reminder(req, member):
    from connections.services import request_withdraw

    request_withdraw(req=req, by=member)
    assert _run_on(3, buyer_reminders_send) == 0


def test_after_30_days_the_request_expires_and_the_supplier_is_told(req, member, django_capture_on_commit_callbacks):
    assert _run_on(29, requests_expire) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _run_on(30, requests_expire) == 1
    req.refresh_from_db()
    assert req.state == ConnectionRequest.State.EXPIRED
    assert mail.outbox[-1].to == [member.email]
    assert _run_on(31, requests_expire) == 0
