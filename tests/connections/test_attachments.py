"""An attachment is known by its content: stored and served under a name of the type its content
is, always as a download; content of any other type is refused whatever its name. A write that
does not commit leaves no file behind."""

import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection
from django.urls import reverse

from connections import services
from connections.buyer_link import buyer_link_token
from connections.models import Attachment, ConnectionRequest
from connections.services import connection_requests_create
from tests.factories import PDF_BYTES, make_buyer, make_request, make_support_user

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 16
TIFF_BYTES = b"II*\x00" + b"\x00" * 16


def _stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


def _connect(member_client, account, buyer, upload):
    return member_client.post(
        f"{reverse('connections:connect')}?buyer={buyer.network_number}",
        {"account": account.code, "entities": [buyer.network_number], "attachment": upload},
    )


def _downloads(client, support_client, attachment):
    """The three ways the file is served: the supplier's page, the buyer's link, the ticket admin."""
    req = ConnectionRequest.objects.filter(attachment=attachment).select_related("buyer").first()
    return [
        client.get(reverse("connections:attachment", kwargs={"attachment_code": attachment.code})),
        client.get(reverse("connections:buyer-attachment", kwargs={"token": buyer_link_token(req)})),
        support_client.get(reverse("admin:tickets_supportticket_attachment", args=[attachment.code])),
    ]


@pytest.fixture
def support_client(db):
    from django.test import Client

    client = Client()
    client.force_login(make_support_user())
    return client


@pytest.mark.parametrize(
    "name,content,kept_as,content_type",
    [
        ("report.html", PDF_BYTES, "report.pdf", "application/pdf"),
        ("photo.pdf", PNG_BYTES, "photo.png", "image/png"),
        ("scan.JPEG", JPEG_BYTES, "scan.JPEG", "image/jpeg"),
        ("../../etc/passwd", TIFF_BYTES, "passwd.tif", "image/tiff"),
        ("..\\invoice.svg", PDF_BYTES, "invoice.pdf", "application/pdf"),
        ("a" * 250 + ".html", PDF_BYTES, "a" * 196 + ".pdf", "application/pdf"),
        (".pdf", PDF_BYTES, "pdf.pdf", "application/pdf"),
    ],
)
def test_it_is_kept_and_served_under_a_name_of_its_content(
    member_client, account, support_client, settings, name, content, kept_as, content_type
):
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    _connect(member_client, account, buyer, SimpleUploadedFile(name, content, content_type="text/html"))

    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (kept_as, content_type)
    [stored] = _stored_files(settings)
    assert stored.suffix == Path(kept_as).suffix.lower()
    for response in _downloads(member_client, support_client, attachment):
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{kept_as}"'
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == content


def test_a_row_stored_under_its_users_name_is_served_under_its_contents(member_client, org, support_client):
    attachment = make_request(org, attachment=True).attachment
    Attachment.objects.filter(pk=attachment.pk).update(original_name="report.html")
    attachment.refresh_from_db()
    for response in _downloads(member_client, support_client, attachment):
        assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'


@pytest.mark.parametrize(
    "name,content",
    [("report.pdf", b"<html><script>alert(1)</script></html>"), ("logo.png", b"GIF89a\x01\x00\x01\x00")],
)
def test_other_content_is_refused_whatever_its_name(member_client, account, settings, name, content):
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    response = _connect(member_client, account, buyer, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert "Attach a PDF, PNG, JPEG or TIFF document." in response.content.decode()
    assert not ConnectionRequest.objects.exists()
    assert _stored_files(settings) == []


def test_the_service_refuses_other_content_too(account, member, settings):
    with pytest.raises(ValidationError):
        connection_requests_create(
            account=account, buyers=[make_buyer()], by=member, attachment=SimpleUploadedFile("a.pdf", b"MZ\x90\x00")
        )
    assert _stored_files(settings) == []


# Orphan files (issue 13, item 10)


def _lose_the_race_after_the_file_is_written(monkeypatch, error):
    """The insert fails as the loser of simultaneous CONNECTs does: after the file was written."""

    def audit(*args, **kwargs):
        assert Attachment.objects.exists()
        raise error

    monkeypatch.setattr(services, "_audit", audit)


def test_a_connect_that_loses_the_race_leaves_no_file(member_client, account, settings, monkeypatch):
    _lose_the_race_after_the_file_is_written(monkeypatch, IntegrityError("request_one_open_per_buyer"))
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    response = _connect(member_client, account, buyer, SimpleUploadedFile("po.pdf", PDF_BYTES))
    assert "A request to one of these customers is already in progress." in response.content.decode()
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []


def test_a_connect_whose_database_fails_leaves_no_file(account, member, settings, monkeypatch):
    _lose_the_race_after_the_file_is_written(monkeypatch, OperationalError("database is locked"))
    with pytest.raises(OperationalError):
        connection_requests_create(
            account=account, buyers=[make_buyer()], by=member, attachment=SimpleUploadedFile("po.pdf", PDF_BYTES)
        )
    assert _stored_files(settings) == []


def test_a_refused_connect_stores_no_file(org, account, member, settings):
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    make_request(org, buyer=buyer)
    with pytest.raises(ValidationError):
        connection_requests_create(
            account=account, buyers=[buyer], by=member, attachment=SimpleUploadedFile("po.pdf", PDF_BYTES)
        )
    assert _stored_files(settings) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_connects_give_one_request_and_one_file(account, member, settings):
    buyer = make_buyer("Tungsten Network Limited", country="GB")
    start = threading.Barrier(4)
    outcomes = []

    def connect():
        try:
            start.wait(10)
            connection_requests_create(
                account=account, buyers=[buyer], by=member, attachment=SimpleUploadedFile("po.pdf", PDF_BYTES)
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    tabs = [threading.Thread(target=connect) for _ in range(4)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert sorted(outcomes) == ["created", "refused", "refused", "refused"]
    assert ConnectionRequest.objects.filter(buyer=buyer).count() == 1
    [stored] = _stored_files(settings)
    assert Attachment.objects.get().file.name == f"attachments/{stored.name}"
