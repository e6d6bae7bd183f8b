"""The printable PDF/A-3b: number, totals and dates in the language's format (read with pypdf)."""

import io
import re

import pikepdf
import pypdf
import pytest

from invoices.documents import en16931 as m
from invoices.documents import pdf
from tests.invoices.documents.factory import allowance, charge, make_document


def text_of(data: bytes) -> str:
    """The PDF's text, each run of white space (no-break and narrow spaces too) one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def big_document(**fields):
    return make_document(
        (("3", "19.99", "S", "19", "2.00"), ("2", "12.5", "S", "7"), ("1", "1240.00", "Z", "0")),
        allowances_charges=(allowance("5.00"), charge("7.50")),
        note="Thank you for your order.",
        payment_terms="30 days net",
        **fields,
    )


@pytest.mark.parametrize(
    "language, total, issue_date, label",
    [
        ("en", "1,338.71", "29/11/2026", "Invoice"),
        ("de", "1.338,71", "29.11.2026", "Rechnung"),
        ("fr", "1 338,71", "29/11/2026", "Facture"),
        ("cs", "1 338,71", "29.11.2026", "Faktura"),
        ("pl", "1 338,71", "29.11.2026", "Faktura"),
        ("hu", "1 338,71", "2026.11.29.", "Számla"),
    ],
)
def test_the_pdf_shows_number_totals_and_dates_the_languages_way(language, total, issue_date, label):
    doc = big_document()
    assert str(doc.totals.payable) == "1338.71"

    text = text_of(pdf.render(doc, language))

    assert doc.number in text
    assert label in text
    assert f"{total} EUR" in text  # the amount due
    assert issue_date in text
    assert "DE89 3704 0044 0532 0130 00" in text


def test_the_pdf_shows_the_vat_breakdown_and_every_line():
    text = text_of(pdf.render(big_document(), "de"))

    # S 7 %: 25,00 taxable, 1,75 VAT; S 19 %: 57,97 − 5,00 + 7,50 = 60,47, VAT 11,49.
    assert "S 7 % 25,00 1,75" in text
    assert "S 19 % 60,47 11,49" in text
    assert "Item 1" in text and "Item 2" in text and "Item 3" in text
    assert "Brouwerij Van Damme NV" in text and "Adams Office Supplies GmbH" in text


def test_yen_amounts_have_no_decimals():
    doc = make_document((("3", "333", "S", "10"), ("1", "6", "S", "10")), currency="JPY")

    text = text_of(pdf.render(doc, "en"))

    assert "1,106 JPY" in text


def test_a_credit_note_says_so_and_names_the_invoice_it_corrects():
    doc = make_document(type_code=m.CREDIT_NOTE, preceding_invoice="INV-2026-0001", number="CN-2026-0001")

    text = text_of(pdf.render(doc, "de"))

    assert "Gutschrift" in text
    assert "INV-2026-0001" in text


def test_the_pdf_is_pdf_a_3b_on_a4():
    with pikepdf.open(io.BytesIO(pdf.render(make_document(), "en"))) as document:
        with document.open_metadata() as meta:
            assert meta.pdfa_status == "3B"
        width, height = (float(v) for v in document.pages[0].mediabox[2:])
    # A4 is 210 × 297 mm: 595.28 × 841.89 points.
    assert round(width) == 595 and round(height) == 842


def test_the_page_links_nothing_so_nothing_is_fetched():
    page = pdf.html(big_document(), "en")

    assert not re.search(r"(src|href)=|url\(|@import", page)
    with pytest.raises(pdf.NoFetching):
        pdf._refuse("https://example.com/font.woff2")
