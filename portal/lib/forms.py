"""Form layouts shared by the portal's pages."""

from crispy_forms.helper import FormHelper
from django import forms


def compact_helper(form: forms.Form, *, wrapper_class: str) -> FormHelper:
    """A crispy helper that lays `form`'s fields out side by side in one template, each a label,
    its widget and its errors (a filter bar). Bootstrap's classes go on the widgets here: crispy's
    own field template and per-field tag cost a list page more than its 50 rows do."""
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.wrapper_class = wrapper_class
    helper.template = "portal/crispy/compact_form.html"
    return helper
