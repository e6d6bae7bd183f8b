"""What a request says about where it came from."""

import ipaddress
import socket
from urllib.parse import urlsplit

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


def host_is_public(url: str) -> bool:
    """Whether every address the host of `url` resolves to is a public one (not loopback,
    private, link-local, shared, reserved or multicast): where the portal may send something to
    an address a tenant typed (webhooks) without reaching this machine's or its network's own
    services. False when the URL has no host or the host does not resolve (it resolves the name
    with the system's resolver, which may take the resolver's timeout)."""
    host = urlsplit(url).hostname
    if not host:
        return False
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses)
