"""Connections' answers to suppliers' signals (connected in ConnectionsConfig.ready)."""

from django.dispatch import receiver

from connections.selectors import account_identity_relied_on_by_buyers
from connections.services import relationship_create, relationships_pause_for_identity
from customers.services import test_buyer_get
from suppliers.signals import account_created, account_identity_changed, account_identity_relied_on


@receiver(account_created, dispatch_uid="connections.test_buyer_connect")
def _test_buyer_connect(sender, *, account, **kwargs) -> None:
    # So a new account can practise invoicing at once.
    relationship_create(account=account, buyer=test_buyer_get())


@receiver(account_identity_changed, dispatch_uid="connections.relationships_pause_for_identity")
def _relationships_pause(sender, *, account, **kwargs) -> int:
    return relationships_pause_for_identity(account=account)


@receiver(account_identity_relied_on, dispatch_uid="connections.account_identity_relied_on")
def _account_identity_relied_on(sender, *, account, **kwargs) -> bool:
    return account_identity_relied_on_by_buyers(account=account)
