"""Template helpers for forms: `{% load portal_forms %}`."""

from django import forms, template

register = template.Library()


@register.filter
def fields_with_errors(form: forms.BaseForm) -> list[forms.BoundField]:
    """The bound fields of `form` that have errors, in the form's order (hidden ones included):
    the error summary links to each."""
    return [field for field in form if field.errors]
