"""The official rules run in-process; without EINVOICE_RULES_DIR the portal runs its own checks only."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from invoices.documents import official_rules
from tests.invoices.documents.checks import fatal, require_rules
from tests.invoices.documents.factory import make_document

UBL_WITHOUT_ANYTHING = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
    b' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
    b"<cbc:ID>1</cbc:ID></Invoice>"
)


def test_without_the_setting_the_portal_runs_its_own_checks_only(settings):
    settings.EINVOICE_RULES_DIR = ""

    assert official_rules.enabled() is False
    assert official_rules.failures(make_document()) == []


def test_with_the_setting_the_rules_are_enabled(rules_dir):
    assert official_rules.enabled() is True


def test_a_broken_invoice_gives_the_rules_ids_and_texts(rules_dir):
    found = fatal(official_rules.svrl_failures(UBL_WITHOUT_ANYTHING, "EN16931-UBL-validation.xslt"))

    by_id = {failure.rule_id: failure for failure in found}
    # BR-03: an invoice shall have an issue date; BR-06: the seller's name.
    assert {"BR-03", "BR-06"} <= set(by_id)
    assert "Invoice issue date (BT-2)" in by_id["BR-03"].text
    assert by_id["BR-03"].syntax == official_rules.UBL
    assert by_id["BR-03"].location.startswith("/")


def test_peppol_rules_run_too(rules_dir):
    found = fatal(official_rules.svrl_failures(UBL_WITHOUT_ANYTHING, "PEPPOL-EN16931-UBL.xslt"))

    assert "PEPPOL-EN16931-R001" in {failure.rule_id for failure in found}


def test_a_stylesheet_that_is_not_there_is_a_clear_error(settings, tmp_path):
    settings.EINVOICE_RULES_DIR = str(tmp_path)

    with pytest.raises(official_rules.RulesError, match="EINVOICE_RULES_DIR"):
        official_rules.svrl_failures(UBL_WITHOUT_ANYTHING, "EN16931-UBL-validation.xslt")


def test_xml_that_does_not_parse_is_a_rules_error(rules_dir):
    with pytest.raises(official_rules.RulesError):
        official_rules.svrl_failures(b"<Invoice", "EN16931-UBL-validation.xslt")


def test_a_valid_document_has_no_failures_in_either_syntax(rules_dir):
    assert official_rules.failures(make_document()) == []


def test_a_document_the_rules_refuse_gives_its_fatal_failures_in_both_syntaxes(rules_dir):
    # A standard-rated line without its rate: BR-S-05 in UBL and CII alike (and no warnings returned).
    found = official_rules.failures(make_document(lines=(("1", "10.00", "S", None),)))

    assert found
    assert {failure.flag for failure in found} == {official_rules.FATAL}
    assert {failure.syntax for failure in found} == {official_rules.UBL, official_rules.CII}
    assert "BR-S-05" in {failure.rule_id for failure in found}


def test_a_stylesheet_missing_from_the_directory_is_a_clear_error(settings, tmp_path):
    settings.EINVOICE_RULES_DIR = str(tmp_path)

    with pytest.raises(official_rules.RulesError, match="EINVOICE_RULES_DIR"):
        official_rules.failures(make_document())


def test_the_official_rules_catch_what_the_totals_allow(rules_dir):
    # Half a yen rounds to a whole one by EN 16931's rounding, but Peppol allows a line net only
    # 0.02 away from quantity × price (PEPPOL-EN16931-R120): our own checks must refuse it first.
    doc = make_document(lines=(("1", "0.5", "S", "10"),), currency="JPY")

    assert doc.lines[0].net_amount == 1
    assert [failure.rule_id for failure in official_rules.failures(doc)] == ["PEPPOL-EN16931-R120"]


@pytest.mark.parametrize("setting", ["", "/nonexistent/einvoice-rules"])
def test_the_rules_tests_fail_not_skip_without_the_rules(setting):
    with pytest.raises(pytest.fail.Exception, match="Set EINVOICE_RULES_DIR"):
        require_rules(setting)


def test_threads_share_the_compiled_rules(rules_dir):
    # One processor per process, calls serialised: threads get the same answers as one thread.
    docs = [make_document(number=f"INV-{n}") for n in range(4)] + [
        make_document(lines=(("1", "10.00", "S", None),), number=f"BAD-{n}") for n in range(4)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(official_rules.failures, docs))

    assert results[:4] == [[]] * 4
    assert all("BR-S-05" in {f.rule_id for f in found} for found in results[4:])


def test_a_forked_process_runs_the_rules_with_its_own_processor(rules_dir):
    # As a Celery prefork worker or gunicorn child would, after the parent has used the rules.
    assert official_rules.failures(make_document()) == []
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, never return into pytest
        try:
            found = official_rules.failures(make_document(lines=(("1", "10.00", "S", None),)))
            os.write(write_end, ",".join(sorted({f.rule_id for f in found})).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)

    assert "BR-S-05" in answer.split(",")
