"""Factur-X: the PDF/A-3b with its CII embedded, opened with pikepdf."""

import io

import facturx as facturx_library
import pikepdf
import pytest
from lxml import etree

from invoices.documents import cii, facturx
from invoices.documents import en16931 as m
from tests.invoices.documents.checks import assert_valid
from tests.invoices.documents.factory import allowance, make_document

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"


@pytest.fixture(scope="module", params=[m.COMMERCIAL_INVOICE, m.CREDIT_NOTE])
def made(request):
    doc = make_document(
        (("2", "10.00", "S", "19"), ("1", "4.50", "Z", "0")),
        type_code=request.param,
        allowances_charges=(allowance("1.00"),),
        preceding_invoice="INV-2026-0001" if request.param == m.CREDIT_NOTE else "",
    )
    return doc, facturx.render(doc, "fr")


def test_the_cii_is_attached_as_factur_x_xml_alternative_text_xml(made):
    _doc, data = made

    with pikepdf.open(io.BytesIO(data)) as document:
        assert list(document.attachments) == ["factur-x.xml"]
        spec = document.attachments["factur-x.xml"]
        assert spec.filename == "factur-x.xml"
        assert spec.obj.AFRelationship == pikepdf.Name.Alternative
        assert spec.get_file().mime_type == "text/xml"
        # The catalogue's associated files point at it (PDF/A-3).
        assert [str(item.F) for item in document.Root.AF] == ["factur-x.xml"]


def test_the_xmp_identifies_pdf_a_3b_and_the_factur_x_en16931_level(made):
    _doc, data = made

    with pikepdf.open(io.BytesIO(data)) as document:
        with document.open_metadata() as meta:
            assert meta.pdfa_status == "3B"
            assert meta[f"{{{PDFAID}}}part"] == "3"
            assert meta[f"{{{PDFAID}}}conformance"] == "B"
            assert meta[f"{{{FX}}}ConformanceLevel"] == "EN 16931"
            assert meta[f"{{{FX}}}DocumentType"] == "INVOICE"
            assert meta[f"{{{FX}}}DocumentFileName"] == "factur-x.xml"
            assert meta[f"{{{FX}}}Version"] == "1.0"


def test_the_embedded_xml_is_the_documents_cii_and_valid(rules_dir, made):
    doc, data = made

    with pikepdf.open(io.BytesIO(data)) as document:
        xml = document.attachments["factur-x.xml"].get_file().read_bytes()

    assert etree.tostring(etree.fromstring(xml)) == etree.tostring(etree.fromstring(cii.write(doc)))
    assert facturx_library.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert_valid(xml, "CII")
    # And factur-x itself reads it back from the PDF as the EN 16931 profile.
    filename, extracted = facturx_library.get_xml_from_pdf(data, check_xsd=True)
    assert filename == "factur-x.xml" and extracted == xml


def test_the_document_information_agrees_with_the_xmp(made):
    # PDF/A: what the document information dictionary says, the XMP must say the same.
    _doc, data = made

    with pikepdf.open(io.BytesIO(data)) as document:
        info = {key: str(value) for key, value in document.docinfo.items() if str(value)}
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            xmp = {
                "/Producer": meta["pdf:Producer"],
                "/Creator": meta["xmp:CreatorTool"],
                "/Title": meta["dc:title"],
                "/Subject": meta["dc:description"],
                "/Author": ", ".join(meta["dc:creator"]),
            }
    assert {key: value for key, value in info.items() if not key.endswith("Date")} == xmp
