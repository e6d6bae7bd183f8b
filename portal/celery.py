"""The Celery app. Without CELERY_BROKER_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue("default"), Queue("loads"), Queue("billing"), Queue("exports"))
app.conf.task_default_queue = "default"
app.conf.task_routes = {
    "invoices.tasks.invoice_status_load": {"queue": "loads"},
    "invoices.billing.tasks.billing_push": {"queue": "billing"},
    "invoices.tasks.status_export_write": {"queue": "exports"},
}
# A task is acknowledged only once it has finished, and handed back to the broker if its worker
# dies, so every task must be idempotent. One message at a time per worker process keeps a long
# load from holding short e-mails hostage.
app.conf.task_acks_late = True
app.conf.task_reject_on_worker_lost = True
app.conf.worker_prefetch_multiplier = 1
app.autodiscover_tasks()
