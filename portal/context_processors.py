from portal.lib.tenancy import membership_of


def tenancy(request):
    """The organisation, the account in use and the header's account switcher, on every page:
    what the tenancy middleware already read (no query of its own)."""
    return {
        "org": getattr(request, "org", None),
        "account": getattr(request, "account", None),
        "switchable_accounts": getattr(request, "accounts", []),
        # Called by the template only where a page asks for the role (buttons a role may not use).
        "membership": lambda: membership_of(request),
    }
