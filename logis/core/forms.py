"""Accessible Bootstrap rendering for every form of the platform.

Each field renders its label, its help text and its errors, and the widget points at them with
aria-describedby; a field in error carries aria-invalid and Bootstrap's is-invalid class.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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


def _attrs_html(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(widget: dict) -> str:
    """widgets/input.html or widgets/select.html (with its options) from the widget's context, in Python."""
    attrs = _attrs_html(widget["attrs"])
    name = conditional_escape(widget["name"])
    if "optgroups" not in widget:
        value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return f'<input type="{widget["type"]}" name="{name}"{value}{attrs}>'
    parts = [f'<select name="{name}"{attrs}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class QuickBoundField(BoundField):
    """A text input, a select, a checkbox or radio buttons rendered as forms/field.html renders it (label,
    required mark, widget, help text, errors), in Python: the simulators' pages spent half their server time in the
    forty-odd template renders of their form (issue #16's bench). tests/core/test_quick_fields.py checks the HTML
    is the templates' own."""

    QUICK_WIDGETS = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.Select)
    QUICK_CHOICE_WIDGETS = (forms.CheckboxInput, forms.RadioSelect)

    def as_field_group(self):
        widget = self.field.widget
        kind = type(widget)
        if (
            (kind not in self.QUICK_WIDGETS and kind not in self.QUICK_CHOICE_WIDGETS)
            or widget.is_hidden
            or self.field.localize
        ):
            return super().as_field_group()
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        auto_id = self.auto_id
        if kind is forms.CheckboxInput:
            html = [
                f'<div class="mb-3 form-check">{_widget_html(context)}'
                f'<label class="form-check-label" for="{auto_id}">{conditional_escape(self.label)}</label>'
            ]
        elif kind is forms.RadioSelect:
            described = f' aria-describedby="{auto_id}_error"' if self.errors else ""
            mark = ' <span class="text-danger" aria-hidden="true">*</span>' if self.field.required else ""
            html = [f'<div class="mb-3"><fieldset {described.lstrip()}><legend class="form-label fs-6">']
            html.append(f"{conditional_escape(self.label)}{mark}</legend>")
            for option in (choice.data for choice in self.subwidgets):  # the template's `for choice in field`
                html.append(
                    f'<div class="form-check">{_widget_html(option)}<label class="form-check-label" '
                    f'for="{option["attrs"].get("id", "")}">{conditional_escape(option["label"])}</label></div>'
                )
            html.append("</fieldset>")
        else:
            html = None
        if html is not None:
            return self._field_group_end(html)
        required = (
            ' <span class="text-danger" aria-hidden="true">*</span><span class="visually-hidden">(obligatoire)</span>'
            if self.field.required
            else ""
        )
        html = [
            f'<div class="mb-3"><label class="form-label" for="{auto_id}">{conditional_escape(self.label)}'
            f"{required}</label>{_widget_html(context)}"
        ]
        return self._field_group_end(html)

    def _field_group_end(self, html: list[str]):
        """The help text, the errors and the closing tag, common to every field."""
        auto_id = self.auto_id
        if self.help_text:
            html.append(f'<div class="form-text" id="{auto_id}_helptext">{self.help_text}</div>')
        if self.errors:
            errors = "".join(f'<p class="mb-0">{conditional_escape(error)}</p>' for error in self.errors)
            html.append(f'<div class="invalid-feedback" id="{auto_id}_error">{errors}</div>')
        html.append("</div>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped, help texts are the code's own


def person_name_fields(*, own: bool = True) -> tuple[forms.CharField, forms.CharField]:
    """The first and last name of a person signing up (own: « Votre prénom ») or being named (« Prénom »), with
    the browser's autocomplete hints and the French messages of every sign-up form.

        first_name, last_name = person_name_fields()
    """
    first = forms.CharField(
        label="Votre prénom" if own else "Prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Indiquez votre prénom."},
    )
    last = forms.CharField(
        label="Votre nom" if own else "Nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Indiquez votre nom."},
    )
    return first, last


def sign_up_email_field(*, label: str, required_message: str, example: str) -> forms.EmailField:
    """The e-mail address of a sign-up, to which the link that confirms it and sets the password is sent."""
    return forms.EmailField(
        label=label,
        help_text="Nous y enverrons un lien pour confirmer l'adresse et créer votre mot de passe.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": required_message,
            "invalid": f"Saisissez une adresse e-mail valide, par exemple {example}.",
        },
    )


def refusal_reason_field(decision_word: str) -> forms.CharField:
    """The reason of a decision told to a person by e-mail: optional, but a refusal must give it."""
    return forms.CharField(
        label="Motif",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            f"Obligatoire en cas de refus : la personne le lira dans l'e-mail qui l'informe de votre {decision_word}."
        ),
    )


class RefusalNeedsReasonMixin:
    """A yes-or-no `decision` (POSITIVE or REFUSE) with a `reason` (refusal_reason_field) that a refusal must fill:
    the employer's agreement, an aid request… `positive` says which was chosen."""

    POSITIVE = ""
    REFUSE = "refuser"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REFUSE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Indiquez le motif du refus : la personne le lira et pourra y répondre.")
        return cleaned

    @property
    def positive(self) -> bool:
        return self.cleaned_data["decision"] == self.POSITIVE
