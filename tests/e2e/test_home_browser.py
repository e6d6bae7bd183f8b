from playwright.sync_api import expect


def test_elise_signs_in_and_sees_home(sign_in):
    page = sign_in("elise")
    expect(page.get_by_text("Welcome Elise")).to_be_visible()
    expect(page.get_by_label("Account in use").locator("option:checked")).to_have_text(
        "Adams Office Supplies (IT) - Test"
    )
    expect(page.get_by_role("heading", name="Connect with customers")).to_be_visible()
    expect(page.get_by_role("heading", name="For your attention")).to_be_visible()


def test_home_switches_to_czech(sign_in):
    page = sign_in("elise")
    page.get_by_role("combobox", name="Language").select_option("cs")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.get_by_text("Vítejte Elise")).to_be_visible()
    expect(page.get_by_role("link", name="Nápověda a podpora")).to_be_visible()
    expect(page.get_by_role("heading", name="K vaší pozornosti")).to_be_visible()
