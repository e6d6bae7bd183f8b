from django.core.management.base import BaseCommand, CommandError

from customers.services import BUYER_COLUMNS, buyers_import_upload


class Command(BaseCommand):
    help = (
        "Create or update buyer entities from a CSV file (upsert by network number). "
        f"Columns: {', '.join(BUYER_COLUMNS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as stream:
                content = stream.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        report = buyers_import_upload(content=content)
        for line, reason in report.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} rejected"
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} row(s) rejected; the other rows were imported.")
