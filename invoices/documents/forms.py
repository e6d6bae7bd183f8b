"""The invoice and credit-note form: the document's header, its lines and its document-level
allowances and charges (two formsets), and the list's filters.

Amounts, quantities, prices and rates are typed the way the user's language writes them
(portal.lib.l10n.AmountField), dates too (DateField). A form holds its own messages; the rules
that look at the whole document (invoices.documents.rules) are put on its fields by the view.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import BuyerEntity
from invoices.documents.selectors import creditable_invoices, invoicing_buyers
from invoices.models.documents import (
    AMOUNT,
    QUANTITY,
    RATE,
    AllowanceCharge,
    DeliveryState,
    DocumentState,
    Invoice,
    InvoiceLine,
    TypeCode,
)
from portal.lib.l10n import AmountField, DateField
from suppliers.models import Organisation, SupplierAccount

LINES_PREFIX = "lines"
CHARGES_PREFIX = "charges"


def _bootstrap(form: forms.BaseForm, *, small: bool = False) -> None:
    """Bootstrap's classes on the widgets (the fields are laid out by templates/invoicing/);
    `small` for the rows of a table."""
    size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select" + size)
        else:
            widget.attrs.setdefault("class", "form-control" + size.replace("select", "control"))


class BuyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, buyer: BuyerEntity) -> str:
        return f"{buyer.network_number} - {buyer.legal_name}"


class PrecedingInvoiceField(forms.ModelChoiceField):
    def label_from_instance(self, invoice: Invoice) -> str:
        return f"{invoice.number} · {invoice.buyer.legal_name} · {invoice.issue_date:%Y-%m-%d}"


class DocumentForm(forms.ModelForm):
    """The header of an invoice (BT-3 380) or credit note (381): the customer, dates, currency,
    references, payment terms, note and the PDF's language. A credit note names the invoice it
    corrects (BT-25, among the account's sent invoices) or gives its reason."""

    buyer = BuyerChoiceField(queryset=BuyerEntity.objects.none(), label=_("Customer"), empty_label=_("Choose a customer"))
    issue_date = DateField(label=_("Issue date"))
    due_date = DateField(label=_("Due date"), required=False)
    preceding_invoice = PrecedingInvoiceField(
        queryset=Invoice.objects.none(),
        to_field_name="uuid",  # no sequential id of a tenant's row in a page or a URL
        required=False,
        label=_("Invoice being credited"),
        empty_label=_("None: a credit note standing alone"),
    )
    language = forms.ChoiceField(
        choices=[("", _("The customer's language")), *settings.LANGUAGES],
        required=False,
        label=_("Language of the PDF"),
    )

    class Meta:
        model = Invoice
        fields = [
            "buyer",
            "issue_date",
            "due_date",
            "payment_terms",
            "currency",
            "payment_means",
            "buyer_reference",
            "order_reference",
            "preceding_invoice",
            "credit_reason",
            "note",
            "language",
        ]
        help_texts = {
            "buyer_reference": _("The reference your customer asked you to quote (BT-10)."),
            "order_reference": _("Your customer's purchase order number (BT-13)."),
            "payment_terms": _("For example: 30 days net."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, org: Organisation, account: SupplierAccount, type_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_code = type_code
        self.fields["buyer"].queryset = invoicing_buyers(org=org, account=account)
        if type_code == TypeCode.CREDIT_NOTE:
            self.fields["preceding_invoice"].queryset = creditable_invoices(org=org, account=account).select_related("buyer")
            if self.instance.preceding_invoice_id and self.initial.get("preceding_invoice") == self.instance.preceding_invoice_id:
                self.initial["preceding_invoice"] = self.instance.preceding_invoice.uuid  # chosen by uuid
            if self.instance.pk is None:
                # Choosing the invoice fills the new credit note in from it (the page again, htmx).
                self.fields["preceding_invoice"].help_text = _("Choosing an invoice fills the credit note in from it.")
                self.fields["preceding_invoice"].widget.attrs.update({
                    "hx-get": reverse("invoicing:credit-note-create"), "hx-trigger": "change", "hx-target": "main",
                    "hx-select": "main", "hx-swap": "outerHTML", "hx-push-url": "true",
                })
        else:
            del self.fields["preceding_invoice"]
            del self.fields["credit_reason"]
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        issue, due = cleaned.get("issue_date"), cleaned.get("due_date")
        if issue and due and due < issue:
            self.add_error("due_date", _("The due date is before the issue date."))
        if self.type_code == TypeCode.CREDIT_NOTE:
            preceding = cleaned.get("preceding_invoice")
            if not preceding and not cleaned.get("credit_reason", "").strip() and "preceding_invoice" not in self.errors:
                self.add_error("credit_reason", _("Choose the invoice being credited, or give the reason."))
            if preceding and cleaned.get("buyer") and preceding.buyer_id != cleaned["buyer"].pk:
                self.add_error("preceding_invoice", _("This invoice was sent to another customer."))
        return cleaned


class LineForm(forms.ModelForm):
    """One line (BG-25): what was supplied, how many at what price, its discount and VAT."""

    quantity = AmountField(label=_("Quantity"), decimal_places=QUANTITY["decimal_places"], max_digits=QUANTITY["max_digits"], help_text="")
    net_price = AmountField(label=_("Unit price"), decimal_places=QUANTITY["decimal_places"], max_digits=QUANTITY["max_digits"], help_text="")
    allowance = AmountField(label=_("Discount"), required=False, max_digits=AMOUNT["max_digits"], help_text="")
    vat_rate = AmountField(label=_("VAT %"), required=False, max_digits=RATE["max_digits"], help_text="")

    class Meta:
        model = InvoiceLine
        fields = [
            "description", "quantity", "unit_code", "net_price", "allowance", "vat_category", "vat_rate",
            "exemption_reason", "exemption_code",
        ]
        labels = {"exemption_reason": _("Exemption reason"), "exemption_code": _("VATEX code")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["size"] = 24
        for name in ("quantity", "net_price", "allowance", "vat_rate", "exemption_code"):
            self.fields[name].widget.attrs["size"] = 8
        _bootstrap(self, small=True)

    def clean_allowance(self) -> Decimal:
        allowance = self.cleaned_data["allowance"] or Decimal("0")
        if allowance < 0:
            raise forms.ValidationError(_("Type a discount as a positive amount."))
        return allowance

    def clean_vat_rate(self) -> Decimal | None:
        rate = self.cleaned_data["vat_rate"]
        if rate is not None and not Decimal("0") <= rate <= Decimal("100"):
            raise forms.ValidationError(_("A VAT rate is between 0 and 100 %."))
        return rate


class ChargeForm(forms.ModelForm):
    """A document-level allowance (BG-20, a discount) or charge (BG-21, e.g. shipping)."""

    is_charge = forms.TypedChoiceField(
        label=_("Kind"),
        choices=[("0", _("Allowance (discount)")), ("1", _("Charge"))],
        coerce=lambda value: value == "1",
        empty_value=False,
    )
    amount = AmountField(label=_("Amount"), max_digits=AMOUNT["max_digits"], help_text="")
    vat_rate = AmountField(label=_("VAT %"), required=False, max_digits=RATE["max_digits"], help_text="")

    class Meta:
        model = AllowanceCharge
        fields = ["is_charge", "reason", "amount", "vat_category", "vat_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["is_charge"] = "1" if self.instance.is_charge else "0"
        _bootstrap(self, small=True)

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Type the amount as a positive number."))
        return amount

    clean_vat_rate = LineForm.clean_vat_rate


class PositionedFormSet(BaseInlineFormSet):
    """Rows kept in the order typed: `position` follows the form's place in the formset."""

    def save_new(self, form, commit=True):
        form.instance.position = self.forms.index(form)
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        obj.position = self.forms.index(form)
        return super().save_existing(form, obj, commit=commit)


LineFormSet = inlineformset_factory(
    Invoice, InvoiceLine, form=LineForm, formset=PositionedFormSet, extra=0, can_delete=True, min_num=1, validate_min=True
)
ChargeFormSet = inlineformset_factory(
    Invoice, AllowanceCharge, form=ChargeForm, formset=PositionedFormSet, extra=0, can_delete=True
)


TYPE_FILTERS = [("", _("Invoices and credit notes")), *TypeCode.choices]
STATE_FILTERS = [("", _("Drafts and sent")), *DocumentState.choices]
DELIVERY_FILTERS = [("", _("Any delivery")), *DeliveryState.choices]


class DocumentFilterForm(forms.Form):
    """The list's filters. An invalid one narrows the list to nothing: use `filters()`."""

    type_code = forms.ChoiceField(choices=TYPE_FILTERS, required=False, label=_("Type"))
    state = forms.ChoiceField(choices=STATE_FILTERS, required=False, label=_("State"))
    delivery_state = forms.ChoiceField(choices=DELIVERY_FILTERS, required=False, label=_("Delivery"))
    buyer = forms.ChoiceField(required=False, label=_("Customer"))
    number = forms.CharField(required=False, max_length=40, label=_("Number"), help_text=_("Its beginning is enough."))

    def __init__(self, *args, buyers: list[tuple[int, str, str]], **kwargs):
        """`buyers`: (id, network number, name) of the customers the account may invoice."""
        super().__init__(*args, **kwargs)
        self.buyer_ids = {number: pk for pk, number, _name in buyers}
        self.fields["buyer"].choices = [("", _("All customers")), *((number, name) for _pk, number, name in buyers)]
        _bootstrap(self)

    def clean_buyer(self) -> int | None:
        return self.buyer_ids.get(self.cleaned_data["buyer"])

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()

    def filters(self) -> dict | None:
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else None
