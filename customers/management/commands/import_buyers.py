from customers.imports import ImportCommand
from customers.services import BUYER_COLUMNS, buyers_import


class Command(ImportCommand):
    help = (
        "Create or update buyer entities from a CSV file (upsert by network number). "
        f"Columns: {', '.join(BUYER_COLUMNS)}."
    )

    def run(self, content):
        return buyers_import(content=content)
