"""A batch of connection requests made by one CONNECT travels in URLs as its request codes, so
the pages that walk it (the requests submitted, the invoice challenges in turn) find it again."""

import uuid

from django.utils.http import urlencode


def batch_query(codes) -> str:
    """The batch's request codes as `request_codes` reads them back."""
    return urlencode([("r", code) for code in codes])


def request_codes(request) -> list[uuid.UUID]:
    """The request codes of a batch (`?r=…&r=…`, as CONNECT made them); malformed ones ignored."""
    codes = []
    for value in request.GET.getlist("r"):
        try:
            codes.append(uuid.UUID(value))
        except ValueError:
            continue
    return codes
