from celery import shared_task

from customers import services


@shared_task(acks_late=True)
def name_words_refresh() -> None:
    """Run by beat: picks up single edits of buyer names made in admin."""
    services.name_words_refresh()
