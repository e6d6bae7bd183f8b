"""Fake billing systems for the tests and the benchmark: real HTTP servers on 127.0.0.1 (a
thread each), speaking the subset the adapters use, checking every request against the
published definitions (../shared/billing-definitions: Számla Agent XSDs with xmlschema,
Billingo's OpenAPI schemas with jsonschema) and able to misbehave on demand.

Faults (`fault("kind")` for the next request, or `fault_rate` for a random share of them):
- "slow": the request is carried out, the answer comes after the client's timeout;
- "drop": the request is carried out, the connection is closed without an answer;
- "500": nothing is done, HTTP 500;
- "429": nothing is done, HTTP 429 with Retry-After;
- "reject": a validation refusal with a message (Billingo 422; Számla Agent error code 54);
- "bare" (Számla Agent): an answer without any szlahu_ header.
Wrong credentials answer as each system does. The Számla Agent and Billingo happily create
duplicates (neither refuses a second invoice with the same external id).
"""

import base64
import email.parser
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import socket
import threading
import time
from collections import deque
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlparse
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[3]


def definitions_dir() -> Path:
    """BILLING_DEFINITIONS_DIR, else <repo>/../shared/billing-definitions."""
    return Path(os.environ.get("BILLING_DEFINITIONS_DIR") or ROOT.parent / "shared" / "billing-definitions")


TEMPORARY_FAULTS = ("slow", "drop", "500", "429")


class FakeServer:
    """A threading HTTP server on a free port of 127.0.0.1; subclasses implement `handle`."""

    def __init__(self, *, slow_seconds: float = 1.0, retry_after: int = 0, seed: int = 0):
        self.lock = threading.Lock()
        self.faults: deque[str] = deque()
        self.fault_rate = 0.0
        self.fault_kinds: tuple[str, ...] = TEMPORARY_FAULTS
        self.slow_seconds = slow_seconds
        self.retry_after = retry_after
        self.random = random.Random(seed)
        self.invalid: list[str] = []  # requests the definitions refused: tests assert none
        self.requests: list[tuple[str, str]] = []  # (method, path or action)
        self.faulted = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server._serve(self, "GET")

            def do_POST(self):
                server._serve(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault(self, *kinds: str | None) -> None:
        """The next requests (one per kind) misbehave so; None lets a request through."""
        self.faults.extend(kinds)

    def _next_fault(self) -> str | None:
        with self.lock:
            if self.faults:
                fault = self.faults.popleft()
                self.faulted += fault is not None
                return fault
            if self.fault_rate and self.random.random() < self.fault_rate:
                self.faulted += 1
                return self.random.choice(self.fault_kinds)
        return None

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        fault = self._next_fault()
        if fault in ("500", "429"):
            status, headers, content = self.refusal(fault)
            return self._answer(handler, status, headers, content)
        if fault == "redirect":  # elsewhere on the same server: a client that follows posts again
            return self._answer(handler, 307, {"Location": self.url + "/elsewhere"}, b"")
        status, headers, content = self.handle(method, handler.path, handler.headers, body, fault)
        if fault == "drop":
            handler.close_connection = True
            try:
                handler.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault == "slow":
            time.sleep(self.slow_seconds)
        self._answer(handler, status, headers, content)

    @staticmethod
    def _answer(handler, status: int, headers: dict, content: bytes) -> None:
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(content)))
            handler.end_headers()
            handler.wfile.write(content)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def refusal(self, fault: str) -> tuple[int, dict, bytes]:
        if fault == "429":
            return 429, {"Retry-After": str(self.retry_after), "Content-Type": "application/json"}, b'{"error":{"message":"Too many requests"}}'
        return 500, {"Content-Type": "application/json"}, b'{"error":{"message":"Internal Server Error."}}'

    def handle(self, method, path, headers, body, fault) -> tuple[int, dict, bytes]:
        raise NotImplementedError


@cache
def _xml_schema(name: str):
    import xmlschema

    return xmlschema.XMLSchema(str(definitions_dir() / "szamlazz" / f"{name}.xsd"))


@cache
def _openapi_validator(name: str):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    spec = json.loads((definitions_dir() / "billingo" / "openapi-3.0.14.json").read_text())
    registry = Registry().with_resource("urn:billingo", Resource(contents=spec, specification=DRAFT4))
    return jsonschema.Draft4Validator({"$ref": f"urn:billingo#/components/schemas/{name}"}, registry=registry)


class FakeSzamlaAgent(FakeServer):
    """The Számla Agent: one URL, the action in the multipart field's name."""

    FIELDS = {"action-xmlagentxmlfile": "xmlszamla", "action-szamla_agent_xml": "xmlszamlaxml"}

    def __init__(self, *, agent_key: str = "agent-key-1", **kwargs):
        super().__init__(**kwargs)
        self.agent_key = agent_key
        self.schemas = {name: _xml_schema(name) for name in self.FIELDS.values()}
        self.invoices: list[dict] = []
        self.numbers = itertools.count(1)

    @staticmethod
    def _parts(headers, body: bytes) -> dict[str, bytes]:
        message = email.parser.BytesParser().parsebytes(
            f"Content-Type: {headers.get('Content-Type', '')}\r\n\r\n".encode() + body
        )
        parts = {}
        for part in message.walk():
            name = part.get_param("name", header="content-disposition")
            if name:
                parts[name] = part.get_payload(decode=True)
        return parts

    def handle(self, method, path, headers, body, fault):
        parts = self._parts(headers, body)
        field = next((name for name in parts if name in self.FIELDS), None)
        self.requests.append((method, field or "?"))
        if field is None:
            return 200, {"szlahu_error_code": "1", "szlahu_error": quote_plus("Hiányzó XML fájl")}, b""
        root_name = self.FIELDS[field]
        xml = parts[field]
        errors = list(self.schemas[root_name].iter_errors(xml))
        if errors:
            self.invalid.append(f"{root_name}: {errors[0]}")
            return 200, {"szlahu_error_code": "57", "szlahu_error": quote_plus("XML hiba: " + str(errors[0].reason))}, b""
        root = ET.fromstring(xml)
        ns = {"x": root.tag[1:].split("}")[0]}
        key = root.findtext(".//x:szamlaagentkulcs", "", ns)
        if key != self.agent_key:
            return 200, {"szlahu_error_code": "3", "szlahu_error": quote_plus("Sikertelen bejelentkezés.")}, b""
        if root_name == "xmlszamlaxml":
            return self._query(root.findtext("x:rendelesSzam", "", ns))
        if fault == "bare":
            return 200, {"Content-Type": "text/html"}, "<html><body>Karbantartás</body></html>".encode()
        if fault == "reject":
            return 200, {"szlahu_error_code": "54", "szlahu_error": quote_plus("A tétel nettó értéke hibás.")}, b""
        with self.lock:
            n = next(self.numbers)
            invoice = {
                "id": n,
                "number": f"E-FAKE-2026-{n}",
                "external_id": root.findtext("x:beallitasok/x:szamlaKulsoAzon", "", ns),
                "order": root.findtext("x:fejlec/x:rendelesSzam", "", ns),
            }
            self.invoices.append(invoice)
        link = f"https://www.szamlazz.hu/szamla/?page=vevoifiok&szamlaszam={invoice['number']}"
        return 200, {
            "szlahu_szamlaszam": invoice["number"],
            "szlahu_id": str(invoice["id"]),
            "szlahu_vevoifiokurl": quote_plus(link),
        }, b""

    def _query(self, order: str):
        found = next((invoice for invoice in self.invoices if invoice["order"] == order and order), None)
        if found is None:
            return 200, {"szlahu_error_code": "7", "szlahu_error": quote_plus("Nincs ilyen számla.")}, b""
        answer = (
            '<?xml version="1.0" encoding="UTF-8"?><szamla xmlns="http://www.szamlazz.hu/szamla">'
            f"<alap><id>{found['id']}</id><szamlaszam>{found['number']}</szamlaszam>"
            f"<rendelesszam>{found['order']}</rendelesszam></alap></szamla>"
        )
        return 200, {"Content-Type": "application/xml; charset=utf-8"}, answer.encode()


class FakeBillingo(FakeServer):
    """Billingo API v3 under /v3 (the subset the adapter uses)."""

    def __init__(self, *, api_key: str = "billingo-key-1", **kwargs):
        super().__init__(**kwargs)
        self.api_key = api_key
        self.validators = {name: _openapi_validator(name) for name in ("DocumentInsert", "Partner")}
        self.partners: list[dict] = []
        self.documents: list[dict] = []
        self.ids = itertools.count(1001)
        self.rate_remaining: int | None = None  # requests left in the window (None: plenty)
        self.url = self.url + "/v3"

    def _json(self, status: int, data, **headers) -> tuple[int, dict, bytes]:
        with self.lock:
            remaining = self.rate_remaining
            if remaining is not None:
                self.rate_remaining = max(0, remaining - 1)
        limits = {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": str(299 if remaining is None else max(0, remaining - 1)),
            "X-RateLimit-Reset": str(int(time.time()) + 60),
        }
        return status, {"Content-Type": "application/json", **limits, **headers}, json.dumps(data).encode()

    def _valid(self, name: str, data) -> list[str]:
        errors = [f"{name}: {error.message}" for error in self.validators[name].iter_errors(data)]
        self.invalid.extend(errors)
        return errors

    def handle(self, method, path, headers, body, fault):
        url = urlparse(path)
        route = url.path.removeprefix("/v3")
        self.requests.append((method, re.sub(r"/\d+|/[0-9a-f-]{36}", "/{id}", route)))
        if headers.get("X-API-KEY") != self.api_key:
            return self._json(401, {"error": {"message": "Authorization information (Header: X-API-KEY) is missing or invalid."}})
        if method == "GET" and route == "/utils/time":
            return self._json(200, {"epoch": int(time.time()), "formatted": "", "w3c": "", "timezone": "Europe/Budapest"})
        if method == "GET" and route == "/document-blocks":
            return self._json(200, {"data": [{"id": 7, "name": "Számlatömb", "prefix": "FAKE", "type": "invoice"}], "total": 1})
        if route == "/partners":
            if method == "GET":
                query = parse_qs(url.query).get("query", [""])[0]
                with self.lock:
                    found = [p for p in self.partners if query in (p.get("taxcode"), p.get("name"))]
                return self._json(200, {"data": found, "total": len(found)})
            data = json.loads(body or b"null")
            if self._valid("Partner", data):
                return self._json(422, {"message": "The given data was invalid.", "errors": [{"field": "partner", "message": "invalid"}]})
            with self.lock:
                partner = {**data, "id": next(self.ids)}
                self.partners.append(partner)
            return self._json(201, partner)
        if method == "POST" and route == "/documents":
            data = json.loads(body or b"null")
            if errors := self._valid("DocumentInsert", data):
                return self._json(422, {"message": "The given data was invalid.", "errors": [{"field": "document", "message": errors[0]}]})
            if fault == "reject":
                return self._json(422, {"message": "The given data was invalid.", "errors": [{"field": "due_date", "message": "The due date must be a date after or equal to fulfillment date."}]})
            with self.lock:
                partner = next((p for p in self.partners if p["id"] == data["partner_id"]), None)
                if partner is None:
                    return self._json(422, {"message": "The given data was invalid.", "errors": [{"field": "partner_id", "message": "The selected partner id is invalid."}]})
                n = next(self.ids)
                gross = sum(
                    round(item["unit_price"] * item["quantity"] * (1 + _rate(item["vat"])), 2) for item in data.get("items", [])
                )
                document = {
                    "id": n,
                    "invoice_number": f"FAKE-2026-{n}",
                    "type": "invoice",
                    "vendor_id": data.get("vendor_id"),
                    "comment": data.get("comment", ""),
                    "gross_total": round(gross, 2),
                    "currency": data["currency"],
                    "partner": partner,
                }
                self.documents.append(document)
            return self._json(201, document)
        if method == "GET" and route.startswith("/documents/vendor/"):
            vendor_id = route.removeprefix("/documents/vendor/")
            found = next((d for d in self.documents if d["vendor_id"] == vendor_id), None)
            if found is None:
                return self._json(404, {"error": {"message": "Document not found."}})
            return self._json(200, found)
        if match := re.fullmatch(r"/documents/(\d+)/public-url", route):
            if not any(d["id"] == int(match[1]) for d in self.documents):
                return self._json(404, {"error": {"message": "Document not found."}})
            return self._json(200, {"public_url": f"https://app.billingo.hu/document-access/{match[1]}"})
        return self._json(404, {"error": {"message": "Not found."}})


def _rate(vat: str) -> float:
    try:
        return float(vat.rstrip("%").replace(",", ".")) / 100
    except ValueError:
        return 0.0


class FakeWebhookReceiver(FakeServer):
    """A supplier's receiver: checks the Standard Webhooks signature within a five-minute window,
    deduplicates by webhook-id, answers with its number and link."""

    def __init__(self, *, secret: str = "whsec_" + base64.b64encode(b"fake-receiver-secret-key").decode(), **kwargs):
        super().__init__(**kwargs)
        self.secret = secret
        self.received: dict[str, dict] = {}  # webhook-id → our answer
        self.bodies: dict[str, dict] = {}
        self.numbers = itertools.count(1)

    def handle(self, method, path, headers, body, fault):
        self.requests.append((method, path))
        webhook_id = headers.get("webhook-id", "")
        try:
            timestamp = int(headers.get("webhook-timestamp", ""))
        except ValueError:
            timestamp = 0
        key = base64.b64decode(self.secret.removeprefix("whsec_")) if self.secret.startswith("whsec_") else self.secret.encode()
        expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
        given = [sig.removeprefix("v1,") for sig in headers.get("webhook-signature", "").split()]
        if abs(time.time() - timestamp) > 300 or not any(hmac.compare_digest(expected, sig) for sig in given):
            return 401, {"Content-Type": "text/plain"}, b"bad signature"
        payload = json.loads(body)
        if payload.get("type") == "ping":
            return 204, {}, b""
        if fault == "reject":
            return 422, {"Content-Type": "text/plain"}, b"Unknown buyer VAT number"
        with self.lock:
            if webhook_id not in self.received:
                n = next(self.numbers)
                self.received[webhook_id] = {"id": f"wh-{n}", "number": f"WH-2026-{n:05d}", "link": f"https://books.example/invoices/{n}"}
                self.bodies[webhook_id] = payload
            answer = self.received[webhook_id]
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()
