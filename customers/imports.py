"""CSV imports of the directory and of buyers' invoice records: every good row kept (upserted by
its natural key, so importing a file again changes nothing), every bad row reported by line."""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    # Why the whole file was refused (it could not be read as CSV): then nothing was written.
    refused: str = ""
    refused_line: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class CsvImport:
    columns: list[str]
    required: set[str]
    row_form: type[forms.Form]
    upsert: Callable[[dict, dict], str]  # (cleaned data, raw values) → created/updated/unchanged


class FileRefused(Exception):
    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason, self.line = reason, line


# Separators that spreadsheets write: comma, semicolon (where the comma is the decimal sign), tab
# (Excel's "Unicode text").
DELIMITERS = [",", ";", "\t"]
# The first bytes of spreadsheet workbooks (xlsx and ods are zip files; xls is an OLE2 file).
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
SAVE_AS_CSV = gettext_lazy(
    "save it as “CSV UTF-8” (Excel: File → Save As → CSV UTF-8; LibreOffice: Text CSV, character set"
    " Unicode (UTF-8)) and import that file."
)


def _row_errors(form: forms.Form) -> str:
    parts = []
    for name, messages in form.errors.items():
        text = " ".join(messages)
        parts.append(f"{form.fields[name].label}: {text}" if name in form.fields else text)
    return "; ".join(parts)


def _line_of(content: bytes, error: UnicodeDecodeError) -> int:
    """The line of the first byte that could not be decoded."""
    readable = content[: error.start].decode(error.encoding, errors="ignore")
    return len((readable + ".").splitlines())


def _decode(content: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM), or UTF-16 with its BOM."""
    if content.startswith(WORKBOOK_SIGNATURES):
        raise FileRefused(_("This is a spreadsheet workbook, not a CSV file: %(advice)s") % {"advice": SAVE_AS_CSV})
    encoding = "utf-16" if content.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file is not UTF-8 encoded: %(advice)s") % {"advice": SAVE_AS_CSV}, _line_of(content, error)
        ) from None
    if "\x00" in text:
        raise FileRefused(_("This is a binary file, not a CSV file: %(advice)s") % {"advice": SAVE_AS_CSV})
    if not text.strip():
        raise FileRefused(_("The file is empty."))
    return text


def _reader(text: str, delimiter: str):
    # newline="" lets the csv module see every line ending (CR, LF, CRLF) and the line breaks
    # inside quoted values; strict refuses a broken quote instead of swallowing the rest.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)


def _header(names: list[str]) -> list[str]:
    return [name.strip().lower() for name in names]


def _dialect(text: str, columns: list[str]) -> tuple[str, bool]:
    """The separator, and whether the file starts with Excel's "sep=;" line (which names it);
    otherwise the separator that splits the header into the most known column names."""
    first_line = text.splitlines()[0]
    if len(first_line) == 5 and first_line.lower().startswith("sep="):
        return first_line[4], True

    def known(delimiter: str) -> int:
        try:
            return len(set(_header(next(_reader(text, delimiter), []))) & set(columns))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=known), False


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted value may span lines)."""
    while True:
        line = reader.line_num + 1
        try:
            yield line, next(reader)
        except StopIteration:
            return


def _header_check(spec: CsvImport, header: list[str], line: int) -> None:
    missing = spec.required - set(header)
    if missing:
        unknown = [name for name in header if name and name not in spec.columns]
        reason = _("Missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))}
        if unknown:
            reason += " " + _("Columns not recognised: %(columns)s") % {"columns": ", ".join(unknown)}
        raise FileRefused(reason, line)


def _rows(spec: CsvImport, content: bytes) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    """Every row of the file as (line number, values by column), and the rows refused for their
    shape; FileRefused if the file cannot be read as CSV at all. Reads the whole file."""
    text = _decode(content)
    delimiter, sep_line = _dialect(text, spec.columns)
    reader = _reader(text, delimiter)
    records = _records(reader)
    rows, errors = [], []
    try:
        if sep_line:
            next(records)
        line, names = next(records)
        header = _header(names)
        _header_check(spec, header, line)
        for line, row in records:
            if not any(value.strip() for value in row):
                continue  # a blank line, or a spreadsheet's empty row of separators
            if any(value.strip() for value in row[len(header):]):
                errors.append((
                    line,
                    _(
                        "This row has %(values)d values but the header has %(columns)d columns: quote values"
                        " that contain the separator."
                    )
                    % {"values": len(row), "columns": len(header)},
                ))
                continue
            # A short row leaves its last columns empty; extra empty values were allowed above.
            values = dict(zip(header, (value.strip() for value in row), strict=False))
            rows.append((line, {name: values.get(name, "") for name in spec.columns}))
    except csv.Error as error:
        raise FileRefused(_("The file could not be read as CSV: %(error)s") % {"error": error}, reader.line_num) from None
    except StopIteration:
        raise FileRefused(_("The file is empty.")) from None
    return rows, errors


def csv_import(spec: CsvImport, content: bytes) -> ImportReport:
    """Read and check the whole file, then write its good rows in one transaction: a file that
    cannot be read is refused whole (`refused`), a bad row is reported with its line number and
    the other rows are kept."""
    report = ImportReport()
    try:
        rows, report.errors = _rows(spec, content)
    except FileRefused as refusal:
        report.refused, report.refused_line = refusal.reason, refusal.line
        return report
    if not rows and not report.errors:
        report.refused, report.refused_line = _("The file has a header but no rows."), None
        return report
    good = []
    for line, values in rows:
        form = spec.row_form(data=values)
        if form.is_valid():
            good.append((form.cleaned_data, values))
        else:
            report.errors.append((line, _row_errors(form)))
    report.errors.sort()
    with transaction.atomic():
        for cleaned, values in good:
            outcome = spec.upsert(cleaned, values)
            setattr(report, outcome, getattr(report, outcome) + 1)
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
        if report.refused:
            where = f"line {report.refused_line}: " if report.refused_line else ""
            self.stderr.write(f"{where}{report.refused}")
            raise CommandError("Nothing was imported: the file was refused.")
        for line, reason in report.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} rejected"
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} row(s) rejected; the other rows were imported.")
