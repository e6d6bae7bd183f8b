"""The official validation rules, run in-process: EN 16931 for UBL and CII, Peppol BIS Billing 3.0.

Sources: CEN/TC 434's EN 16931 validation artefacts (``EN16931-UBL-validation.xslt``,
``EN16931-CII-validation.xslt``) and OpenPeppol's ``PEPPOL-EN16931-UBL.xslt``, each a Schematron
compiled to XSLT 2.0 by its publisher. Running one over an invoice's XML gives an SVRL report;
every ``svrl:failed-assert`` whose flag is ``fatal`` is a broken rule.

The rule files are never copied into the project: ``settings.EINVOICE_RULES_DIR`` points at a
directory holding them (unset: ``enabled()`` is False, ``failures()`` returns ``[]`` and the
portal runs its own checks only). Each stylesheet is compiled once per process by ``saxonche``
(no Java) and kept; compiling takes about half a second, each run afterwards tens of
milliseconds.

Threads: one ``PySaxonProcessor`` per process, created on first use (after a fork the child makes
its own: a SaxonC processor does not survive ``fork``), and every call into it is serialised by one
lock. SaxonC's compiled executables may be shared between threads in principle, but a run holds
the lock for tens of milliseconds only and the portal's concurrency is in processes (gunicorn,
Celery prefork), so the lock costs nothing measurable and rules out any thread-attachment issue.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from invoices.documents import cii, ubl
from invoices.documents.en16931 import Document

UBL = "UBL"
CII = "CII"
# Which stylesheets a document's XML in each syntax must pass: a Peppol BIS 3 invoice both UBL
# files, a Factur-X (EN 16931 profile) XML the CII file.
STYLESHEETS = {
    UBL: ("EN16931-UBL-validation.xslt", "PEPPOL-EN16931-UBL.xslt"),
    CII: ("EN16931-CII-validation.xslt",),
}
FATAL = "fatal"
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class RuleFailure:
    """One broken rule, as the SVRL report gives it."""

    rule_id: str  # e.g. "BR-CO-10", "PEPPOL-EN16931-R001"
    text: str  # the publisher's wording (English)
    flag: str  # "fatal" or "warning"
    location: str  # XPath of the element the rule was checked on
    syntax: str  # UBL or CII

    def __str__(self) -> str:
        return f"[{self.rule_id}] ({self.syntax}, {self.flag}) {self.text} at {self.location}"


class RulesError(Exception):
    """The rules could not be run: a stylesheet missing or not compiling, or XML Saxon cannot
    parse."""


_lock = threading.Lock()
_processor = None
_processor_pid: int | None = None
_compiled: dict[Path, object] = {}


def enabled() -> bool:
    """Whether the official rules run: ``settings.EINVOICE_RULES_DIR`` is set."""
    return bool(getattr(settings, "EINVOICE_RULES_DIR", ""))


def rules_dir() -> Path:
    """The configured directory. Raises ImproperlyConfigured when unset."""
    value = getattr(settings, "EINVOICE_RULES_DIR", "")
    if not value:
        raise ImproperlyConfigured("EINVOICE_RULES_DIR is not set: the official rules are not available.")
    return Path(value)


def failures(doc: Document) -> list[RuleFailure]:
    """The fatal assertions the official rules find in ``doc`` written as UBL (EN 16931 and Peppol
    BIS 3 rules) and as CII (EN 16931 rules), UBL's first; ``[]`` when the rules are not
    configured (``enabled()`` False). The writers are deterministic: the XML checked here is, byte
    for byte, what ``ubl.write`` / ``cii.write`` give the sender. Raises RulesError when a
    configured stylesheet is missing or does not compile, ValueError when ``doc``'s totals are not
    its lines' (``totals.written``)."""
    if not enabled():
        return []
    found = []
    for syntax, xml in ((UBL, ubl.write(doc)), (CII, cii.write(doc))):
        for stylesheet in STYLESHEETS[syntax]:
            found += [failure for failure in svrl_failures(xml, stylesheet) if failure.flag == FATAL]
    return found


def svrl_failures(xml: bytes, stylesheet: str | Path) -> list[RuleFailure]:
    """Every failed assertion (fatal and warning) of one stylesheet over ``xml`` (UTF-8 bytes).

    ``stylesheet``: a file name in ``EINVOICE_RULES_DIR`` (see ``STYLESHEETS``) or a path. The
    failures' syntax is CII when the stylesheet's name says so, else UBL. Raises RulesError."""
    path = Path(stylesheet)
    if not path.is_absolute():
        path = rules_dir() / path
    syntax = CII if "CII" in path.name else UBL
    report = run(xml, path)
    try:
        root = etree.fromstring(report)
    except etree.XMLSyntaxError as error:
        raise RulesError(f"{path.name} gave an SVRL report lxml cannot read: {error}") from error
    return [
        RuleFailure(
            rule_id=element.get("id", ""),
            text=" ".join(element.findtext(f"{{{SVRL}}}text", default="").split()),
            flag=element.get("flag", ""),
            location=element.get("location", ""),
            syntax=syntax,
        )
        for element in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    ]


def run(xml: bytes, stylesheet: Path) -> bytes:
    """The SVRL report (UTF-8 bytes) of one compiled stylesheet over ``xml``. Raises RulesError."""
    with _lock:
        executable = _executable(stylesheet)
        try:
            node = _processor.parse_xml(xml_text=xml.decode("utf-8"))
            return executable.transform_to_string(xdm_node=node).encode("utf-8")
        except (PySaxonApiError, UnicodeDecodeError) as error:
            raise RulesError(f"{stylesheet.name} could not run: {error}") from error


def _executable(stylesheet: Path):
    """The compiled stylesheet, compiled on first use in this process. Call with ``_lock`` held."""
    global _processor, _processor_pid
    if _processor is None or _processor_pid != os.getpid():
        _processor = PySaxonProcessor(license=False)
        _processor_pid = os.getpid()
        _compiled.clear()
    key = stylesheet.resolve()
    if key not in _compiled:
        if not key.is_file():
            raise RulesError(
                f"{stylesheet} is missing: EINVOICE_RULES_DIR must point at the directory holding "
                f"{', '.join(name for names in STYLESHEETS.values() for name in names)}."
            )
        try:
            _compiled[key] = _processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(key))
        except PySaxonApiError as error:
            raise RulesError(f"{stylesheet.name} does not compile: {error}") from error
    return _compiled[key]
