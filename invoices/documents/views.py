"""The Invoicing menu's pages: the list of the account's invoices and credit notes, the form that
writes a draft and sends it, a document's page with its downloads and delivery history, and the
form's htmx fragments (one more row, the totals as you type).

Every document comes through `_document_get` (404 outside the organisation); every change checks
the member's role after it (a read-only member sees and downloads, and gets 403 on a change).
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from invoices.billing.selectors import push_of_invoice, pushes_of_invoices
from invoices.documents import cii, facturx, official_rules, ubl
from invoices.documents.mapping import invoice_language, to_en16931
from invoices.documents.services import (
    ALLOWANCE_FIELDS,
    LINE_FIELDS,
    InvoiceRefused,
    credit_note_create as credit_note_draft_create,
    invoice_copy_as_new,
    invoice_draft_delete,
    invoice_draft_save,
    invoice_resend,
    invoice_send,
)
from invoices.documents.forms import (
    CHARGES_PREFIX,
    LINES_PREFIX,
    ChargeFormSet,
    DocumentFilterForm,
    DocumentForm,
    LineFormSet,
)
from invoices.documents.form_state import error_summary, rows_typed, rule_errors_place, typed_totals
from invoices.documents.selectors import (
    creditable_invoices,
    delivery_history,
    invoice_counts,
    invoice_for_request,
    invoices_filtered,
    invoices_page,
    invoicing_buyers,
)
from invoices.models.documents import DeliveryState, DocumentState, Invoice, TypeCode
from portal.lib.l10n import amount_example
from portal.lib.tenancy import member_required, role_check
from suppliers.models import Membership

MEMBER = Membership.Role.MEMBER


def _document_get(request, invoice_uuid) -> Invoice:
    return invoice_for_request(request, invoice_uuid)


@require_safe
@member_required
def document_list(request):
    counts = invoice_counts(org=request.org, account=request.account)
    buyers = invoicing_buyers(org=request.org, account=request.account).values_list("pk", "network_number", "legal_name")
    form = DocumentFilterForm(request.GET or None, buyers=buyers)
    filters = form.filters()
    rows = invoices_filtered(org=request.org, account=request.account, filters=filters)
    page = invoices_page(rows, cursor=request.GET.get("after", ""))
    labels = dict(TypeCode.choices), dict(DocumentState.choices), dict(DeliveryState.choices)
    pushes = pushes_of_invoices(org=request.org, invoice_ids=[row["id"] for row in page.rows])
    for row in page.rows:
        row["billing_push"] = pushes.get(row["id"])
        row["type_label"], row["state_label"], row["delivery_label"] = (
            labels[0][row["type_code"]], labels[1][row["state"]], labels[2][row["delivery_state"]]
        )
    summary = [
        (TypeCode.INVOICE.label, counts.by_type[TypeCode.INVOICE]),
        (TypeCode.CREDIT_NOTE.label, counts.by_type[TypeCode.CREDIT_NOTE]),
        (DocumentState.DRAFT.label, counts.by_state[DocumentState.DRAFT]),
        (DeliveryState.FAILED.label, counts.by_delivery[DeliveryState.FAILED]),
    ]
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "page": page, "summary": summary, "query": query.urlencode()}
    return render(request, "invoicing/list.html", context, status=200 if filters is not None else 400)


def _forms(request, invoice: Invoice, *, data=None):
    """The header form and the two formsets of `invoice` (saved or not), bound to `data` if given."""
    form = DocumentForm(data, instance=invoice, org=request.org, account=request.account, type_code=invoice.type_code)
    lines = LineFormSet(data, instance=invoice, prefix=LINES_PREFIX)
    charges = ChargeFormSet(data, instance=invoice, prefix=CHARGES_PREFIX)
    return form, lines, charges


class _SendRefused(Exception):
    """Leaves the transaction of a refused send, so that nothing of it is saved."""

    def __init__(self, errors):
        self.errors = errors


def _form_page(request, invoice: Invoice, *, status: int = 200, forms=None):
    form, lines, charges = forms or _forms(request, invoice)
    context = {
        "invoice": invoice,
        "form": form,
        "lines": lines,
        "charges": charges,
        "error_summary": error_summary(form, lines, charges),
        "official_rules": official_rules.enabled(),
        "amount_example": amount_example(),
        **typed_totals(form, lines, charges),
    }
    return render(request, "invoicing/form.html", context, status=status)


def _unsaved(invoice: Invoice, creating: bool) -> None:
    """After a rolled-back save, a new document is new again (its id was the transaction's)."""
    if creating:
        invoice.pk = None
        invoice._state.adding = True


def _form_submit(request, invoice: Invoice):
    """Save (a draft) or Send (the draft saved, then sent), from the form's POST. A refused send
    saves nothing either: the page comes back with all that was typed and the rules' errors."""
    role_check(request, MEMBER)
    forms = _forms(request, invoice, data=request.POST)
    form, lines, charges = forms
    if not (form.is_valid() and lines.is_valid() and charges.is_valid()):
        return _form_page(request, invoice, status=400, forms=forms)
    sending = request.POST.get("action") == "send"
    creating = invoice.pk is None
    try:
        with transaction.atomic():
            saved = invoice_draft_save(
                invoice=form.save(commit=False),
                lines=rows_typed(lines),
                allowances_charges=rows_typed(charges),
                acting_user=request.user,
            )
            if sending:
                try:
                    saved = invoice_send(invoice=saved, acting_user=request.user)
                except InvoiceRefused as refused:
                    raise _SendRefused(refused.errors) from refused
    except ValidationError as error:  # the service's own checks (the customer, BT-25), by field
        _unsaved(invoice, creating)
        for field, errors in error.update_error_dict({}).items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return _form_page(request, invoice, status=400, forms=forms)
    except _SendRefused as refused:
        _unsaved(invoice, creating)
        rule_errors_place(refused.errors, form, lines, charges)
        return _form_page(request, invoice, status=400, forms=forms)
    if sending:
        messages.success(request, _("Sent: %(number)s is on its way to your customer.") % {"number": saved.number})
        return redirect("invoicing:detail", invoice_uuid=saved.uuid)
    messages.success(request, _("Saved. You can come back to this draft from Home or the Invoicing menu."))
    return redirect("invoicing:edit", invoice_uuid=saved.uuid)


def _new_document(request, type_code: str) -> Invoice:
    return Invoice(organisation=request.org, account=request.account, type_code=type_code)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def invoice_create(request):
    invoice = _new_document(request, TypeCode.INVOICE)
    if request.method == "POST":
        return _form_submit(request, invoice)
    return _form_page(request, invoice)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def credit_note_create(request):
    """A credit note standing alone, or for the sent invoice `?preceding_invoice=<uuid>` names
    (BT-25), prefilled from it: nothing is saved until Save or Send."""
    invoice = _new_document(request, TypeCode.CREDIT_NOTE)
    if request.method == "POST":
        return _form_submit(request, invoice)
    source = _creditable(request, request.GET.get("preceding_invoice", ""))
    return _form_page(request, invoice, forms=_prefilled(request, invoice, source) if source else None)


def _creditable(request, invoice_uuid: str) -> Invoice | None:
    try:
        return creditable_invoices(org=request.org, account=request.account).filter(uuid=uuid.UUID(invoice_uuid)).first()
    except ValueError:
        return None


def _prefilled(request, note: Invoice, source: Invoice):
    """The forms of a new credit note for `source`: its customer, references and rows."""
    header = ("buyer", "currency", "payment_means", "buyer_reference", "order_reference", "language")
    form = DocumentForm(
        instance=note, org=request.org, account=request.account, type_code=note.type_code,
        initial={name: getattr(source, name) for name in header} | {"preceding_invoice": source.uuid},
    )
    formsets = []
    for formset_class, prefix, rows, names in (
        (LineFormSet, LINES_PREFIX, source.lines.all(), LINE_FIELDS),
        (ChargeFormSet, CHARGES_PREFIX, source.allowances_charges.all(), ALLOWANCE_FIELDS),
    ):
        initial = [{name: getattr(row, name) for name in names} for row in rows]
        formset = formset_class(instance=note, prefix=prefix, initial=initial)
        formset.extra = max(len(initial) - formset.min_num, 0)
        formsets.append(formset)
    return form, *formsets


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def document_edit(request, invoice_uuid):
    invoice = _document_get(request, invoice_uuid)
    if not invoice.is_draft:
        if request.method == "POST":
            role_check(request, MEMBER)
            messages.error(request, _("A sent document cannot change: correct it with a credit note."))
        return redirect("invoicing:detail", invoice_uuid=invoice.uuid)
    if request.method == "POST":
        return _form_submit(request, invoice)
    return _form_page(request, invoice)


@require_safe
@member_required
def document_detail(request, invoice_uuid):
    invoice = _document_get(request, invoice_uuid)
    context = {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "charges": list(invoice.allowances_charges.all()),
        "attempts": list(delivery_history(invoice)),
        "credit_notes": list(invoice.credit_notes.order_by("-created_at")) if not invoice.is_credit_note else [],
        "can_resend": invoice.delivery_state == DeliveryState.FAILED,
        "can_credit": not invoice.is_draft and not invoice.is_credit_note,
        "billing_push": push_of_invoice(org=request.org, invoice=invoice),
    }
    return render(request, "invoicing/detail.html", context)


@require_POST
@member_required
def document_copy(request, invoice_uuid):
    invoice = _document_get(request, invoice_uuid)
    role_check(request, MEMBER)
    try:
        copy = invoice_copy_as_new(invoice=invoice, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invoicing:detail", invoice_uuid=invoice.uuid)
    messages.success(request, _("A new draft, copied from %(number)s: check it and send it.") % {"number": invoice})
    return redirect("invoicing:edit", invoice_uuid=copy.uuid)


@require_POST
@member_required
def credit_note_from(request, invoice_uuid):
    """Create credit note: a draft credit note for this sent invoice, prefilled from it (BT-25)."""
    invoice = _document_get(request, invoice_uuid)
    role_check(request, MEMBER)
    if invoice.is_draft or invoice.is_credit_note:
        raise Http404
    try:
        note = credit_note_draft_create(invoice=invoice, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invoicing:detail", invoice_uuid=invoice.uuid)
    messages.success(request, _("A draft credit note for %(number)s: change what it credits, then send it.") % {"number": invoice.number})
    return redirect("invoicing:edit", invoice_uuid=note.uuid)


@require_POST
@member_required
def document_resend(request, invoice_uuid):
    invoice = _document_get(request, invoice_uuid)
    role_check(request, MEMBER)
    try:
        invoice_resend(invoice=invoice, acting_user=request.user)
    except InvoiceRefused as refused:
        messages.error(request, " ".join(error.message for error in refused.errors))
    else:
        messages.success(request, _("Sending %(number)s again.") % {"number": invoice.number})
    return redirect("invoicing:detail", invoice_uuid=invoice.uuid)


@require_POST
@member_required
def draft_delete(request, invoice_uuid):
    invoice = _document_get(request, invoice_uuid)
    role_check(request, MEMBER)
    if not invoice.is_draft:
        messages.error(request, _("A sent document cannot be deleted: correct it with a credit note."))
        return redirect("invoicing:detail", invoice_uuid=invoice.uuid)
    invoice_draft_delete(invoice=invoice, acting_user=request.user)
    messages.success(request, _("The draft is deleted."))
    return redirect("invoicing:list")


def _download(request, invoice_uuid, *, render_file, content_type: str, extension: str):
    """A sent document's file, generated from its EN 16931 model; a draft has none (404)."""
    invoice = _document_get(request, invoice_uuid)
    if invoice.is_draft:
        raise Http404
    content = render_file(invoice, to_en16931(invoice))
    response = HttpResponse(content, content_type=content_type)
    name = f"{invoice.number}.{extension}".replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_safe
@member_required
def download_pdf(request, invoice_uuid):
    return _download(
        request,
        invoice_uuid,
        render_file=lambda invoice, doc: facturx.render(doc, invoice_language(invoice)),
        content_type="application/pdf",
        extension="pdf",
    )


@require_safe
@member_required
def download_ubl(request, invoice_uuid):
    return _download(
        request, invoice_uuid, render_file=lambda _i, doc: ubl.write(doc), content_type="application/xml", extension="ubl.xml"
    )


@require_safe
@member_required
def download_cii(request, invoice_uuid):
    return _download(
        request, invoice_uuid, render_file=lambda _i, doc: cii.write(doc), content_type="application/xml", extension="cii.xml"
    )


ROW_TEMPLATES = {LINES_PREFIX: "invoicing/_line_row.html", CHARGES_PREFIX: "invoicing/_allowance_row.html"}
MAX_ROWS = 500


@require_safe
@member_required
def form_row(request):
    """One more empty line (or allowance/charge) row, in place: htmx sends the formset's form
    count; the row comes back with that index, and the count, one up, out of band."""
    kind = request.GET.get("kind", "")
    if kind not in ROW_TEMPLATES:
        raise Http404
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    if not 0 <= index < MAX_ROWS:
        return HttpResponse(_("This form cannot take more rows."), status=400)
    formset_class = LineFormSet if kind == LINES_PREFIX else ChargeFormSet
    form = formset_class(prefix=kind, instance=Invoice()).empty_form
    form.prefix = f"{kind}-{index}"
    context = {"form": form, "row_number": index + 1, "kind": kind, "total": index + 1}
    return render(request, "invoicing/_new_row.html", context)


@require_safe
@member_required
def form_totals(request):
    """The totals of what the form holds now (htmx, as you type): nothing is saved."""
    type_code = TypeCode.CREDIT_NOTE if request.GET.get("type_code") == TypeCode.CREDIT_NOTE else TypeCode.INVOICE
    invoice = _new_document(request, type_code)
    form, lines, charges = _forms(request, invoice, data=request.GET)
    return render(request, "invoicing/_totals.html", typed_totals(form, lines, charges))

