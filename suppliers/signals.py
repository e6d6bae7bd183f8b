"""What suppliers tells the apps above it, so that it never imports them (README, layout). Sent
inside the transaction that made the change: a receiver's rows commit or roll back with it."""

from django.dispatch import Signal

# A supplier `account` was just created.
account_created = Signal()

# Support just changed the `account`'s identity (legal name, country, VAT number). Each receiver
# returns how many relationships it paused until the new identity is confirmed.
account_identity_changed = Signal()
