"""Accessible Bootstrap rendering for every form of the platform.

Each field renders its label, its help text and its errors, and the widget points at them with
aria-describedby; a field in error carries aria-invalid and Bootstrap's is-invalid class.
"""

from django import forms
from django.forms.renderers import TemplatesSetting


class LogisFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


class StyledFormMixin:
    """Adds Bootstrap classes and ARIA attributes to the widgets; use it on every form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                classes = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{classes} {_css_class(widget)}".strip()
            described = []
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
            error_id = f"id_{self.add_prefix(name)}_error"
            described = widget.attrs.get("aria-describedby", "")
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()
