from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from portal.lib.tenancy import for_org
from suppliers.colleagues.links import MAX_AGE
from suppliers.models import Invitation, Membership, Organisation


def colleagues_of(*, org: Organisation) -> QuerySet[Membership]:
    return for_org(Membership, org).select_related("user").order_by("user__first_name", "user__last_name", "user__username")


def invitations_pending(*, org: Organisation) -> QuerySet[Invitation]:
    """Invitations not yet accepted whose links still work, newest first."""
    return for_org(Invitation, org).filter(accepted_at__isnull=True, created_at__gt=timezone.now() - MAX_AGE)


def email_taken(*, email: str) -> bool:
    """Whether some user, in any organisation or none, has this address (compared case-blind)."""
    return get_user_model().objects.filter(email__iexact=email).exists()
