"""Where is my invoice? and When will I get paid? in a real browser, on the demo's GB account."""

from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from invoices.models import LoadRun
from portal.demo import GB_ACCOUNT


def _switch_to_gb(page):
    page.get_by_label("Account in use").select_option(label=GB_ACCOUNT)
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_label("Account in use").locator("option:checked")).to_have_text(GB_ACCOUNT)


def test_elise_watches_a_load_then_sees_statuses_and_when_she_gets_paid(sign_in, demo):
    page = sign_in("elise")
    _switch_to_gb(page)
    relationship = LoadRun.objects.get(
        relationship__account__legal_name=GB_ACCOUNT, relationship__buyer__legal_name="Tungsten Network Limited"
    ).relationship
    run = LoadRun.objects.create(
        organisation=relationship.organisation, relationship=relationship, state="running", rows_done=100, rows_total=300
    )

    page.get_by_role("link", name="Where is my invoice?").first.click()
    progress = page.get_by_role("progressbar", name="Tungsten Network Limited")
    expect(progress).to_have_attribute("aria-valuenow", "33")
    LoadRun.objects.filter(pk=run.pk).update(state="finished", rows_done=300, finished_at=timezone.now())
    expect(page.get_by_text("Last refreshed:")).to_be_visible()  # htmx polls every 2 s
    expect(progress).to_have_count(0)

    expect(page.get_by_role("figure", name="Invoices by status")).to_contain_text("Approved")
    invoices = page.get_by_role("table", name="Invoices").locator("tbody tr")
    expect(invoices).to_have_count(50)
    expect(page.get_by_role("link", name="Next page")).to_be_visible()
    page.get_by_label("Status", exact=True).select_option(label="Paid")
    page.get_by_role("button", name="Filter").click()
    expect(invoices.first).to_contain_text("Paid")

    page.get_by_role("button", name="Invoices").click()
    page.get_by_role("link", name="When will I get paid?").click()
    chart = page.get_by_role("img", name="Paid and due per week, in GBP")
    expect(chart).to_be_visible()
    page.get_by_role("figure", name="Paid and due per week, in GBP").get_by_text("The amounts as a table").click()
    expect(page.get_by_role("table", name="Paid and due per week, in GBP")).to_contain_text("This week")


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_on_a_phone_the_invoice_pages_never_scroll_sideways(sign_in, demo, page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("elise")
    _switch_to_gb(page)
    page.goto(f"{demo.url}/invoices/status/?sort=-amount")
    invoices = page.get_by_role("table", name="Invoices").locator("tbody tr")
    expect(invoices).to_have_count(50)
    assert not _scrolls_sideways(page)
    page.get_by_label("Amount from").fill("lots")  # an error under a field must not widen the page either
    page.get_by_role("button", name="Filter").click()
    # The error under the field (the summary above the filters says it again, with a link).
    expect(page.locator("#id_amount_min_error")).to_contain_text("Enter an amount such as")
    assert not _scrolls_sideways(page)
    page.goto(f"{demo.url}/invoices/payments/")  # the charts scroll in their own boxes too
    expect(page.get_by_role("img", name="Paid and due per week, in EUR")).to_be_visible()
    assert not _scrolls_sideways(page)


def test_the_header_search_keeps_what_was_typed_and_leads_to_the_invoice(sign_in, demo, page):
    sign_in("elise")
    _switch_to_gb(page)
    box = page.get_by_role("searchbox", name="Search your invoice by invoice number, PO or transaction number")
    box.fill("gb000001*")
    box.press("Enter")
    expect(box).to_have_value("gb000001*")
    found = page.get_by_role("table", name="Invoices found").locator("tbody tr")
    expect(found).to_have_count(10)
    number = found.first.get_by_role("link").inner_text()
    found.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Invoice {number}")).to_be_visible()


def test_elise_exports_the_paid_invoices_and_downloads_the_file(sign_in, demo):
    """The file is written by a task (in-process here, as without a broker), the page links it."""
    page = sign_in("elise")
    _switch_to_gb(page)
    page.goto(f"{demo.url}/invoices/status/?status=paid")
    page.get_by_role("button", name="Export CSV").click()
    expect(page.get_by_role("heading", name="Export of your invoices")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("invoice-statuses-")
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) > 1 and all(",Paid," in row for row in rows[1:])
