"""Every view that only changes state refuses GET with 405 (naming POST as allowed), and no other
view does. Built from the URL resolver like the cross-tenant sweep: a new POST-only view must join
POST_ONLY (tests/portal/test_cross_tenant.py), and a name there whose view starts answering GET
fails too. URLs whose signed token is the access check are left out: no example makes their token.
"""

import pytest
from django.urls import reverse

from tests.portal.test_cross_tenant import OBJECT_URLS, POST_ONLY, url_and_objects, url_patterns


URLS = sorted(
    {(name, tuple(keys)) for name, keys in url_patterns() if not keys and not name.startswith("admin:")}
    | {(name, keys) for name, keys in OBJECT_URLS}
)


def test_the_sweep_covers_every_post_only_view():
    assert POST_ONLY <= {name for name, _ in URLS}


@pytest.mark.parametrize("name,keys", URLS, ids=[name for name, _ in URLS])
def test_get_is_405_on_post_only_views_and_only_there(name, keys, org, client, org_admin):
    url = url_and_objects(name, keys, org)[0] if keys else reverse(name)
    client.force_login(org_admin)
    response = client.get(url)
    if name in POST_ONLY:
        assert response.status_code == 405
        allowed = {method.strip() for method in response["Allow"].split(",")}
        assert "POST" in allowed and "GET" not in allowed
    else:
        assert response.status_code != 405, f"{name} refuses GET: add it to POST_ONLY"
