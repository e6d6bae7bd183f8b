"""Colleagues: the organisation's members and their roles, and invitations to join it."""
