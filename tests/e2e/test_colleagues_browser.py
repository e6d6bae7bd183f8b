"""Colleagues in a real browser: Elise (an administrator) invites a read-only colleague, who joins
from the e-mailed link, signs in, and cannot connect."""

import re

from django.core import mail
from playwright.sync_api import expect

from connections.models import ConnectionRequest

NEW_PASSWORD = "a-new-colleagues-password"


def test_a_read_only_colleague_joins_and_cannot_connect(sign_in, browser, demo):
    page = sign_in("elise")
    page.get_by_role("link", name="My account").click()
    page.get_by_role("link", name="Colleagues").click()
    invite = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    invite.get_by_label("E-mail address").fill("rita@example.com")
    invite.get_by_label("Role").select_option(label="Read-only")
    invite.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").first).to_contain_text("An invitation has been sent to rita@example.com")

    [email] = [message for message in mail.outbox if message.to == ["rita@example.com"]]
    link = re.search(r"/join/[^/\s]+/", email.body).group(0)

    context = browser.new_context()  # the colleague's own browser: no session
    rita = context.new_page()
    rita.goto(demo.url + link)
    expect(rita.get_by_role("heading", name="Join Adams Office Supplies")).to_be_visible()
    rita.get_by_label("First name").fill("Rita")
    rita.get_by_label("Username").fill("rita")
    rita.locator("#id_password1").fill(NEW_PASSWORD)
    rita.locator("#id_password2").fill(NEW_PASSWORD)
    rita.get_by_role("button", name="Join").click()
    expect(rita.get_by_role("status").first).to_contain_text("Welcome to Adams Office Supplies!")

    rita.get_by_role("button", name="Log out").click()
    rita.goto(f"{demo.url}/login/")
    rita.get_by_label("User name or e-mail").fill("rita")
    rita.get_by_label("Password").fill(NEW_PASSWORD)
    rita.get_by_role("button", name="Sign in").click()
    expect(rita.get_by_text("Welcome Rita")).to_be_visible()

    rita.goto(f"{demo.url}/customers/connect/?buyer=AAA474005402")
    expect(rita.get_by_text("You selected:")).to_be_visible()
    expect(rita.get_by_test_id("read-only-note")).to_be_visible()
    expect(rita.get_by_role("button", name="Connect")).to_have_count(0)

    csrf = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "csrftoken")
    forged = rita.request.post(
        f"{demo.url}/customers/connect/?buyer=AAA474005402",
        form={"entities": "AAA474005402", "vendor_code": "FORGED"},
        headers={"X-CSRFToken": csrf},
    )
    assert forged.status == 403
    assert "Not allowed" in forged.text()
    assert not ConnectionRequest.objects.filter(vendor_code="FORGED").exists()
    context.close()
