from django.urls import reverse


def test_home_shows_the_account_in_use_and_the_three_cards(member_client, account):
    page = member_client.get(reverse("home")).content.decode()
    assert "Welcome Elise" in page
    assert f'selected>{account.legal_name}</option>' in page
    for title in ["Connect with customers", "Send invoices", "Check the status of your invoices"]:
        assert title in page
    assert "For your attention" in page


def test_card_buttons_link_only_to_pages_that_exist(member_client):
    response = member_client.get(reverse("home"))
    buttons = [button for card in response.context["cards"] for button in card.buttons]
    assert ("View all", reverse("connections:relationships")) in [(str(label), url) for label, url in buttons]
    for _, url in buttons:
        assert member_client.get(url).status_code == 200


def test_home_takes_a_fixed_number_of_queries(member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        member_client.get(reverse("home"))


def test_customer_relationships_list_the_test_buyer_for_the_account_in_use(member_client, other_org):
    page = member_client.get(reverse("connections:relationships")).content.decode()
    assert "Network Test Buyer" in page
    assert other_org.accounts.get().legal_name not in page


def test_help_page(client, db):
    assert "How to connect to your customers" in client.get(reverse("help")).content.decode()
