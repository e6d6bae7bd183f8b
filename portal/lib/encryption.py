"""Secrets at rest: small JSON documents encrypted with Fernet (AES-128-CBC + HMAC-SHA256,
`cryptography`), under keys read from the environment.

`settings.BILLING_CREDENTIALS_KEYS` lists URL-safe base64 Fernet keys: the first encrypts, every
one decrypts (MultiFernet), so rotating is "put the new key first, re-encrypt, drop the old key"
(`secret_rotate`). The settings refuse to start without a key when DEBUG is off.

Decrypted values never go into exceptions or logs: `SecretUnreadable` says only that a value
could not be read, never what it held.
"""

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with any configured key (a key was dropped too early)."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.BILLING_CREDENTIALS_KEYS))


def secret_encrypt(data: dict[str, str]) -> str:
    """`data` (a JSON-serialisable dict of strings) as a Fernet token (ASCII text) under the first key."""
    return _keys().encrypt(json.dumps(data, sort_keys=True).encode()).decode("ascii")


def secret_decrypt(token: str) -> dict[str, str]:
    """The dict `secret_encrypt` was given. Raises SecretUnreadable when no key opens it."""
    if not token:
        return {}
    try:
        return json.loads(_keys().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        raise SecretUnreadable("The stored secret cannot be decrypted with the configured keys.") from None


def secret_rotate(token: str) -> str:
    """The same secret re-encrypted under the first key (for key rotation). Raises SecretUnreadable."""
    try:
        return _keys().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise SecretUnreadable("The stored secret cannot be decrypted with the configured keys.") from None
