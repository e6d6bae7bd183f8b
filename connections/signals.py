"""What connections tells the apps above it, so that it never imports them (README, layout).
Sent inside the transaction that made the change: a receiver's rows commit or roll back with it,
and a receiver's side effects wait for the commit (`delay_on_commit`)."""

from django.dispatch import Signal

# The request (`req`) has just entered the CHALLENGE state: the invoice challenge starts.
request_challenged = Signal()

# The `relationship` was just created, or its supplier's identity confirmed again: its
# invoice statuses are to be loaded in full.
relationship_verified = Signal()
