"""The client's address, directly or through the reverse proxies the settings trust (portal/lib/http.py)."""

import pytest
from django.test import RequestFactory

from portal.lib.http import client_address


def _request(forwarded: str | None = None):
    headers = {"REMOTE_ADDR": "10.0.0.9"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy trusted: the header is anyone's to write
        (1, None, "10.0.0.9"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left entry came from the client
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.9"),  # shorter than the proxies: not to be trusted
        (1, "unknown", "10.0.0.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_address_is_the_one_the_outermost_trusted_proxy_saw(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(_request(forwarded)) == address
