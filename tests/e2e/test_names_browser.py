"""What a screen reader is told: the type-ahead's count and active option, the group tree's check
boxes, form errors tied to their fields and summarised at the top, the page's language."""

import re

from playwright.sync_api import expect

from customers.models import BuyerGroup


def test_the_type_ahead_announces_its_count_and_follows_the_arrow_keys(sign_in, demo):
    page = sign_in("elise")
    page.goto(f"{demo.url}/customers/connect/")
    page.wait_for_load_state()  # the type-ahead listens once its deferred script has run
    box = page.get_by_role("combobox", name="Search for your customer")
    status = page.locator("#directory-status")
    expect(status).to_have_attribute("aria-live", "polite")

    box.fill("technical services test buyer 1")
    options = page.locator("#directory-results").get_by_role("option")
    expect(options.first).to_be_visible()
    expect(status).to_have_text(f"{options.count()} results")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    expect(options.nth(1)).to_have_class(re.compile(r"\bactive\b"))
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))

    box.fill("technical services test buyer 17")
    expect(status).to_have_text("1 result")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))  # a new list: none active
    box.fill("xqzzy")
    expect(status).to_have_text("No customer matches “xqzzy”.")
    box.press("Escape")
    expect(status).to_have_text("")
    expect(box).to_have_attribute("aria-expanded", "false")


def test_the_count_is_said_in_the_users_language(sign_in, demo):
    page = sign_in("elise")
    page.context.add_cookies([{"name": "django_language", "value": "pl", "url": demo.url}])
    page.goto(f"{demo.url}/customers/connect/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.wait_for_load_state()
    for query in ("tungsten network", "technical services test buyer 17"):
        page.locator("#directory-search").fill(query)
        options = page.locator("#directory-results").get_by_role("option")
        expect(options.first).to_be_visible()
        count = options.count()
        # Polish has three forms: 1 wynik, 2–4 wyniki, 5–21 wyników.
        word = "wynik" if count == 1 else "wyniki" if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else "wyników"
        expect(page.locator("#directory-status")).to_have_text(f"{count} {word}")


def test_the_group_trees_check_boxes_say_their_country_and_entity(sign_in, demo):
    page = sign_in("elise")
    group = BuyerGroup.objects.get(name="Technical Services Test Buyers")
    page.goto(f"{demo.url}/customers/connect/?group={group.pk}")
    box = page.get_by_role("checkbox", name=re.compile("AAA206515132 - Technical Services Test Buyer 17"))
    expect(box).to_have_accessible_name(re.compile(r"^AAA206515132 - Technical Services Test Buyer 17( \(\w+\))?\s*,\s*Malaysia\s*$"))
    expect(page.get_by_role("group", name="Malaysia")).to_contain_text("Technical Services Test Buyer 17")


def test_form_errors_are_tied_to_their_fields_and_summarised_with_links(page, demo):
    page.goto(f"{demo.url}/signup/")
    page.get_by_label("Organisation name").fill("Northwind Paper")
    page.get_by_label("Legal name of your first supplier account").fill("Northwind Paper Ltd")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Username").fill("elise")  # taken
    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Email address").fill("nora@northwind.example")
    page.locator("#id_password1").fill("correct-horse-battery")
    page.get_by_label("Password confirmation").fill("another-horse-battery")
    page.get_by_role("button", name="Sign up").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # the keyboard starts at the summary
    expect(summary).to_contain_text("2 fields need correcting:")
    link = summary.get_by_role("link", name=re.compile("^Username"))
    expect(link).to_have_attribute("href", "#id_username")
    field = page.get_by_label("Username")
    expect(field).to_have_attribute("aria-invalid", "true")
    error_id = next(id_ for id_ in field.get_attribute("aria-describedby").split() if id_.endswith("_error"))
    expect(page.locator(f"[id='{error_id}']")).to_contain_text("already exists")
    expect(page.get_by_label("Organisation name")).to_have_value("Northwind Paper")  # what was typed stays
    expect(page.get_by_label("Organisation name")).not_to_have_attribute("aria-invalid", "true")

    link.focus()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()


def test_charts_have_a_title_and_their_data_as_a_table(sign_in, demo):
    from portal.demo import GB_ACCOUNT

    page = sign_in("elise")
    page.locator("#account-select").select_option(label=GB_ACCOUNT)
    page.locator(".account-switcher button[type=submit]").click()
    expect(page.locator("#account-select option:checked")).to_have_text(GB_ACCOUNT)
    page.goto(f"{demo.url}/invoices/payments/")
    chart = page.get_by_role("img", name=re.compile(r"^Paid and due per week, in \w{3}"))
    expect(chart.first).to_be_visible()
    page.get_by_text("The amounts as a table").first.click()
    table = page.get_by_role("table", name=re.compile(r"^Paid and due per week, in \w{3}")).first
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader")).to_have_text(["Week of", "Paid", "Due"])
    expect(table.get_by_role("row")).to_have_count(1 + 16)  # the last 8 weeks and this one, the next 7
