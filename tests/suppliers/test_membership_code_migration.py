"""Memberships that existed before their opaque codes each get a code of their own (a field added
with a default gives every existing row one and the same value, and the unique index then fails)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("suppliers", "0005_account_identity_changes")]
AFTER = [("suppliers", "0007_membership_code_unique")]


@pytest.mark.django_db(transaction=True)
def test_existing_memberships_get_distinct_codes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    org = old.get_model("suppliers", "Organisation").objects.create(name="Before codes")
    User = old.get_model("suppliers", "User")
    for n in range(3):
        user = User.objects.create(username=f"before{n}", email=f"before{n}@example.com")
        old.get_model("suppliers", "Membership").objects.create(organisation=org, user=user, role="member")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    codes = list(new.get_model("suppliers", "Membership").objects.filter(organisation__name="Before codes").values_list("code", flat=True))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert len(codes) == 3 and None not in codes and len(set(codes)) == 3
