"""Inviting colleagues, accepting an invitation, changing roles and removing members.

An organisation always keeps an administrator: role changes and removals lock the organisation's
memberships first, so two administrators demoting each other at the same moment cannot both win."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.tenancy import for_org
from suppliers.colleagues.selectors import email_taken
from suppliers.models import Invitation, Membership, Organisation
from suppliers.tasks import invitation_email_send as invitation_email_send_task

User = get_user_model()
Role = Membership.Role


@transaction.atomic
def invitation_create(*, org: Organisation, email: str, role: str, by: User, language: str) -> Invitation:
    """An invitation to `email` to join `org` with `role`, e-mailed after commit in `language`
    (the inviter's). It replaces the address's earlier pending invitations, whose links stop
    working. Raises ValidationError if the address already belongs to a colleague."""
    if for_org(Membership, org).filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already one of your colleagues.") % {"email": email})
    for_org(Invitation, org).filter(email__iexact=email, accepted_at__isnull=True).delete()
    invitation = Invitation(organisation=org, email=email, role=role, invited_by=by, language=language)
    invitation.full_clean()
    invitation.save()
    invitation_email_send_task.delay_on_commit(invitation.pk)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    """Deletes a pending invitation: its link then answers as an invalid one."""
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Makes `user` a member of the invitation's organisation with its role, once. Raises
    ValidationError if the invitation was accepted meanwhile, is for another address, or the user
    already belongs to an organisation (a user works in one organisation)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if user.email.lower() != locked.email.lower():
        raise ValidationError(_("This invitation is for %(email)s.") % {"email": locked.email})
    if user.memberships.exists():
        raise ValidationError(
            _("Your user account already belongs to an organisation. Sign out and accept the invitation as a new user.")
        )
    membership = Membership.objects.create(organisation=locked.organisation, user=user, role=locked.role)
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def invitation_join(
    *, invitation: Invitation, username: str, password: str, first_name: str, last_name: str = ""
) -> User:
    """A new user with the invitation's e-mail address and language, member of its organisation.
    Raises ValidationError as `invitation_accept`, or if a user took the address meanwhile."""
    if email_taken(email=invitation.email):
        raise ValidationError(_("A user with this e-mail address already exists. Sign in to accept the invitation."))
    user = User.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        preferred_language=invitation.language,
        # The invitation's link reached this address: opening it proved the address.
        verified_email=invitation.email,
    )
    invitation_accept(invitation=invitation, user=user)
    return user


def _locked_memberships(org: Organisation) -> list[Membership]:
    return list(for_org(Membership, org).select_for_update().order_by("pk"))


def _refuse_without_an_admin(memberships: list[Membership], *, changed: Membership, role: str | None) -> None:
    """`role` None: `changed` leaves the organisation."""
    admins = [m for m in memberships if m.role == Role.ADMIN and m.pk != changed.pk]
    if not admins and role != Role.ADMIN:
        raise ValidationError(
            _("%(name)s is the organisation's last administrator. Make another colleague an administrator first.")
            % {"name": changed.user.get_full_name() or changed.user.username}
        )


@transaction.atomic
def membership_role_set(*, membership: Membership, role: str) -> Membership:
    """Gives the colleague `role`. Raises ValidationError if it would leave no administrator."""
    memberships = _locked_memberships(membership.organisation)
    _refuse_without_an_admin(memberships, changed=membership, role=role)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Removes the colleague from the organisation (their user stays, without an organisation).
    Raises ValidationError if they are its last administrator."""
    memberships = _locked_memberships(membership.organisation)
    _refuse_without_an_admin(memberships, changed=membership, role=None)
    membership.delete()
