"""The "Support" group: just what support staff need to work tickets in Django admin. It is kept
in step after every migrate (and every test database flush), so it always exists."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

SUPPORT_GROUP = "Support"
SUPPORT_PERMISSIONS = [
    ("tickets", "view_supportticket"),
    ("tickets", "change_supportticket"),
    ("tickets", "work_ticket"),
    ("tickets", "view_ticketmessage"),
    ("tickets", "add_ticketmessage"),
    ("connections", "view_connectionrequest"),
    ("connections", "view_auditentry"),
    ("connections", "view_attachment"),
    ("connections", "view_relationship"),
    ("connections", "confirm_identity"),
    ("challenges", "view_challenge"),
    ("challenges", "view_challengeattempt"),
    ("customers", "view_buyerentity"),
    ("customers", "view_buyergroup"),
    ("suppliers", "view_supplieraccount"),
    ("suppliers", "change_supplieraccount"),
    ("suppliers", "view_accountidentitychange"),
    ("suppliers", "view_organisation"),
    # Sign-in lockouts (django-axes): deleting a client's failed attempts unlocks it.
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
]


def support_group_sync(**kwargs) -> Group:
    for app_label in {app_label for app_label, _ in SUPPORT_PERMISSIONS}:
        create_permissions(apps.get_app_config(app_label), verbosity=0, using=kwargs.get("using", "default"))
    group, _ = Group.objects.get_or_create(name=SUPPORT_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in SUPPORT_PERMISSIONS
        ]
    )
    return group
