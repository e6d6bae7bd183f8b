"""Connections tells invoices (connections.signals.relationship_verified) when a relationship is
made or its supplier's identity confirmed again; invoices queues one load, started on commit."""

from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from connections.models import Relationship
from connections.services import relationship_create, relationship_identity_confirm
from invoices.models import LoadRun
from tests.factories import make_buyer, make_relationship, make_support_user


@pytest.fixture
def started():
    with mock.patch("invoices.tasks.invoice_status_load.delay") as delay:
        yield delay


def test_a_new_relationship_starts_one_load_on_commit(account, started, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        relationship = make_relationship(account, buyer)
        assert not started.called
    run = LoadRun.objects.get(relationship=relationship)
    started.assert_called_once_with(run.pk)


def test_asking_again_for_a_relationship_starts_no_second_load(account, started, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    relationship = make_relationship(account, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_create(account=account, buyer=buyer)
    assert LoadRun.objects.filter(relationship=relationship).count() == 1
    assert not started.called


def test_a_confirmed_identity_starts_one_more_load(account, started, django_capture_on_commit_callbacks):
    relationship = make_relationship(account, make_buyer())
    Relationship.objects.filter(pk=relationship.pk).update(paused_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        relationship_identity_confirm(relationship=relationship, by=make_support_user())
    runs = LoadRun.objects.filter(relationship=relationship).order_by("pk")
    assert runs.count() == 2
    started.assert_called_once_with(runs.last().pk)


def test_a_relationship_rolled_back_starts_no_load(account, started, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            make_relationship(account, buyer)
            raise RuntimeError
    assert not Relationship.objects.filter(account=account, buyer=buyer).exists()
    assert not started.called
