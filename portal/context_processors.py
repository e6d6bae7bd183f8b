from suppliers.selectors import accounts_of


def tenancy(request):
    """The organisation, the account in use and the header's account switcher, on every page."""
    org = getattr(request, "org", None)
    return {
        "org": org,
        "account": getattr(request, "account", None),
        "switchable_accounts": accounts_of(org=org) if org else [],
    }
