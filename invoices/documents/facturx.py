"""Factur-X / ZUGFeRD, EN 16931 profile: the printable PDF/A-3b with its CII XML embedded.

Source: the Factur-X 1.0 specification (FNFE-MPE / FeRD): the XML is attached as ``factur-x.xml``
with MIME type ``text/xml``, referenced from the catalogue's ``/AF`` array, and the XMP metadata
declare PDF/A-3 and the ``fx:`` extension schema (DocumentType INVOICE, DocumentFileName,
Version, ConformanceLevel). The ``factur-x`` library (version 7.8) does the embedding. Its
defaults, read in its source (``facturx/facturx.py``): ``afrelationship="data"`` — we pass
"alternative", as Factur-X wants for the EN 16931 profile (the XML is an equivalent
representation of the PDF); ``level="autodetect"`` from the guideline id (BT-24) — we pass
"en16931"; ``check_xsd=True`` against its own copy of the Factur-X EN 16931 XSD (kept: a
schema error raises ValueError before any file is made); XMP PDF/A identification part 3,
conformance "B", ``fx:Version`` "1.0"; it replaces the PDF's own XMP (WeasyPrint's) with its
own and sets the PDF header to 1.6. Its XMP names pypdf as the producer (``pdf:Producer``), so the
PDF's document information says the same (PDF/A: the two must agree).
"""

import facturx as facturx_library

from invoices.documents import cii, pdf
from invoices.documents import en16931 as m

FILENAME = "factur-x.xml"
LEVEL = "en16931"
RELATIONSHIP = "alternative"
# What factur-x's XMP gives as pdf:Producer (facturx.generate_xmp_bytes): the tool that writes the file.
PRODUCER = "pypdf"


def render(doc: m.Document, language: str) -> bytes:
    """``doc`` as a Factur-X PDF/A-3b (bytes) in ``language``: ``pdf.render`` with ``cii.write``
    embedded. Raises ValueError when ``doc``'s totals are not its lines' or when the CII does not
    follow the Factur-X EN 16931 schema."""
    return embed(pdf.render(doc, language, producer=PRODUCER), cii.write(doc), doc, language)


def embed(pdf_a: bytes, xml: bytes, doc: m.Document, language: str) -> bytes:
    """A PDF/A-3 file with ``xml`` (the CII of ``doc``) attached as Factur-X. Raises ValueError."""
    title = f"{doc.seller.name}: {doc.number}"
    return facturx_library.generate_from_binary(
        pdf_a,
        xml,
        flavor="factur-x",
        level=LEVEL,
        check_xsd=True,
        afrelationship=RELATIONSHIP,
        lang=language,
        pdf_metadata={
            "author": doc.seller.name,
            "title": title,
            "subject": f"{title} ({doc.issue_date.isoformat()})",
        },
    )
