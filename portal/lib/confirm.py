"""Actions that cannot be undone ("Withdraw", "I can't complete this") are confirmed on a page of
their own first, so the question needs no JavaScript: GET shows it, its form POSTs the action."""

from django.http import HttpResponse
from django.shortcuts import render


def confirmation_page(request, *, title: str, question: str, confirm_label: str, cancel_url: str) -> HttpResponse:
    """The page asking to confirm an action that cannot be undone; its form posts back to the
    same URL."""
    context = {
        "title": title,
        "question": question,
        "confirm_label": confirm_label,
        "action_url": request.get_full_path(),
        "cancel_url": cancel_url,
    }
    return render(request, "portal/confirm.html", context)
