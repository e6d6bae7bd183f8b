"""What a request says about where it came from."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address the request came from. Behind TRUSTED_PROXIES reverse proxies it is the one the
    outermost proxy saw: each proxy appends the address it was reached from to X-Forwarded-For, so
    that is the TRUSTED_PROXIES-th entry from the right, and anything left of it the client could
    have written. REMOTE_ADDR when the header is shorter than that or its entry is not an address."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None
