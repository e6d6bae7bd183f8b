"""What suppliers tells the apps above it, so that it never imports them (README, layout). Sent
inside the transaction that made the change: a receiver's rows commit or roll back with it."""

from django.dispatch import Signal

# A supplier `account` was just created.
account_created = Signal()

# Support just changed the `account`'s identity (legal name, country, VAT number). Each receiver
# returns how many relationships it paused until the new identity is confirmed.
account_identity_changed = Signal()

# Asked, not told: each receiver returns whether its app relies on the `account`'s legal name,
# country and VAT number as a real buyer has verified (or is about to verify) them.
account_identity_relied_on = Signal()
