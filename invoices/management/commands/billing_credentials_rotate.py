from django.core.management.base import BaseCommand

from invoices.billing.services import billing_credentials_rotate


class Command(BaseCommand):
    help = "Re-encrypts every billing integration's credentials under the first BILLING_CREDENTIALS_KEYS key."

    def handle(self, *args, **options):
        count = billing_credentials_rotate()
        self.stdout.write(f"{count} billing integrations re-encrypted.")
