from portal.tenancy import membership_of
from suppliers.selectors import accounts_of


def tenancy(request):
    """The organisation, the account in use and the header's account switcher, on every page."""
    org = getattr(request, "org", None)
    return {
        "org": org,
        "account": getattr(request, "account", None),
        "switchable_accounts": accounts_of(org=org) if org else [],
        # Called by the template only where a page asks for the role (buttons a role may not use).
        "membership": lambda: membership_of(request) if org else None,
    }
