from django.core.management.base import BaseCommand

from customers.synthetic import synthetic_buyers_load
from portal.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo organisations, users and buyers (idempotent); optionally synthetic buyers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--entities",
            type=int,
            default=0,
            metavar="N",
            help="also add N synthetic buyer entities (for search benchmarks)",
        )
        parser.add_argument(
            "--invoices",
            type=int,
            default=0,
            metavar="N",
            help="give the GB account N more invoice records at Tungsten Network Limited, and load them",
        )

    def handle(self, *args, entities, invoices, **options):
        demo_load(invoices=invoices)
        if entities:
            synthetic_buyers_load(entities)
            self.stdout.write(f"{entities} synthetic buyer entities present.")
        self.stdout.write("Demo loaded. Sign in as elise / demo (or tom / demo).")
