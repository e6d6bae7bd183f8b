from customers.imports import ImportCommand
from customers.services import INVOICE_RECORD_COLUMNS, invoice_records_import


class Command(ImportCommand):
    help = (
        "Create or update buyers' invoice records from a CSV file (upsert by buyer, supplier identity "
        f"and invoice number). Columns: {', '.join(INVOICE_RECORD_COLUMNS)}."
    )

    def run(self, content):
        return invoice_records_import(content=content)
