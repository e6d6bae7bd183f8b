"""Challenges' answers to connections' signals (connected in ChallengesConfig.ready)."""

from django.dispatch import receiver

from challenges.services import challenge_create
from connections.signals import request_challenged


@receiver(request_challenged, dispatch_uid="challenges.challenge_create")
def _challenge_create(sender, *, req, **kwargs) -> None:
    challenge_create(req=req)
