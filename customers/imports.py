"""CSV imports of the directory and of buyers' invoice records: every good row kept (upserted by
its natural key, so importing a file again changes nothing), every bad row reported by line."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class CsvImport:
    columns: list[str]
    required: set[str]
    row_form: type[forms.Form]
    upsert: Callable[[dict, dict], str]  # (cleaned data, raw values) → created/updated/unchanged


def _row_errors(form: forms.Form) -> str:
    parts = []
    for name, messages in form.errors.items():
        text = " ".join(messages)
        parts.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return "; ".join(parts)


def csv_import(spec: CsvImport, content: bytes) -> ImportReport:
    report = ImportReport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((1, _("The file is not UTF-8 encoded CSV.")))
        return report
    reader = csv.DictReader(io.StringIO(text))
    missing = spec.required - set(reader.fieldnames or [])
    if missing:
        report.errors.append((1, _("Missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))}))
        return report
    try:
        for row in reader:
            values = {name: (row.get(name) or "").strip() for name in spec.columns}
            form = spec.row_form(data=values)
            if not form.is_valid():
                report.errors.append((reader.line_num, _row_errors(form)))
                continue
            with transaction.atomic():
                outcome = spec.upsert(form.cleaned_data, values)
            setattr(report, outcome, getattr(report, outcome) + 1)
    except csv.Error as error:
        report.errors.append((reader.line_num, _("The file could not be read: %(error)s") % {"error": error}))
    return report


class ImportCommand(BaseCommand):
    """A management command importing one CSV file with `run(content)`."""

    def add_arguments(self, parser):
        parser.add_argument("file")

    def run(self, content: bytes) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as stream:
                content = stream.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        report = self.run(content)
        for line, reason in report.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} rejected"
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} row(s) rejected; the other rows were imported.")
