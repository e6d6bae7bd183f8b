"""A mail server that refuses the customer's address: delivery fails with the server's words,
and the supplier can resend once the address is fixed. A real SMTP conversation with a small
server on 127.0.0.1."""

import socketserver
import threading

import pytest

from invoices.documents import services
from invoices.models import DeliveryState
from tests.factories import make_user
from tests.invoices.documents.makers import connected_buyer, draft, ready_account

pytestmark = pytest.mark.django_db


class SmtpHandler(socketserver.StreamRequestHandler):
    """Speaks just enough SMTP; refuses recipients at refused.example, accepts the rest."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 localhost ESMTP test")
        in_data = False
        for raw in self.rfile:
            line = raw.decode(errors="replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    self.server.accepted += 1
                    self.reply("250 OK queued")
                continue
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                self.reply("250 OK")
            elif verb == "RCPT":
                if "refused.example" in line:
                    self.reply("550 5.1.1 User unknown")
                else:
                    self.reply("250 OK")
            elif verb == "DATA":
                in_data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpHandler)
    server.accepted = 0
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.shutdown()
    server.server_close()


def test_a_refused_address_fails_with_the_servers_words_and_resend_delivers(smtp_server, account, django_capture_on_commit_callbacks):
    account = ready_account(account)
    user = make_user(account.organisation)
    buyer = connected_buyer(account, email="ap@refused.example")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = services.invoice_send(invoice=draft(account, buyer, user=user), acting_user=user)
    invoice.refresh_from_db()

    assert invoice.delivery_state == DeliveryState.FAILED
    assert invoice.delivery_failure_text.startswith("The customer's mail server refused the e-mail:")
    assert "550" in invoice.delivery_failure and "User unknown" in invoice.delivery_failure
    assert smtp_server.accepted == 0

    buyer.ap_contact_email = "ap@accepted.example"
    buyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_resend(invoice=invoice, acting_user=user)
    invoice.refresh_from_db()
    assert invoice.delivery_state == DeliveryState.DELIVERED
    assert smtp_server.accepted == 1
