import io

import pikepdf
from lxml import etree
from pypdf import PdfReader
from django.urls import reverse

from tests.factories import make_invoice


def _get(client, name, invoice):
    return client.get(reverse(f"invoicing:{name}", kwargs={"invoice_uuid": invoice.uuid}))


def test_the_pdf_is_factur_x_with_the_number_and_total(read_only_client, org, sendable):
    sent = make_invoice(org, state="sent")
    response = _get(read_only_client, "download-pdf", sent)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="{sent.number}.pdf"' in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert sent.number in text and "54.45" in text
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert "factur-x.xml" in pdf.attachments


def test_ubl_and_cii_carry_the_number(member_client, org, sendable):
    sent = make_invoice(org, state="sent")
    ubl = etree.fromstring(_get(member_client, "download-ubl", sent).content)
    assert etree.QName(ubl).localname == "Invoice"
    assert ubl.findtext("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID") == sent.number
    cii = _get(member_client, "download-cii", sent)
    assert cii["Content-Type"] == "application/xml"
    assert etree.QName(etree.fromstring(cii.content)).localname == "CrossIndustryInvoice"


def test_it_checks_ownership(outsider_client, org):
    sent = make_invoice(org, state="sent")
    for name in ("download-pdf", "download-ubl", "download-cii"):
        assert _get(outsider_client, name, sent).status_code == 404
