from django import forms

from logis.core.forms import StyledFormMixin
from logis.documents.checklist import VARIANTS, Kind
from logis.documents.validation import ACCEPT, MAX_FILE_BYTES, MAX_FILES_PER_PIECE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files for one piece (the pages of a document). Their content is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        # An empty file is refused by the service, with a message that names it.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        if isinstance(data, list | tuple):
            data = None
        return [single(data, initial)] if data else single(data, initial)


class PieceUploadForm(StyledFormMixin, forms.Form):
    variant = forms.ChoiceField(label="De quel document s'agit-il ?", widget=forms.RadioSelect, required=False)
    expires_on = forms.DateField(
        label="Date de fin de validité",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Elle figure sur le document. Obligatoire pour un titre de séjour.",
    )
    iban = forms.CharField(
        label="IBAN du compte",
        required=False,
        max_length=50,
        help_text="Tel qu'il figure sur votre RIB, par exemple FR76 3000 6000 0112 3456 7890 189.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    files = MultipleFileField(
        label="Fichiers",
        error_messages={"required": "Choisissez au moins un fichier à envoyer."},
        help_text=(
            f"PDF, JPEG ou PNG, {MAX_FILE_BYTES // (1024 * 1024)} Mo au plus par fichier, {MAX_FILES_PER_PIECE} "
            "fichiers au plus. Vous pouvez choisir plusieurs fichiers (une photo par page, par exemple)."
        ),
    )

    def __init__(self, *args, kind: Kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        variants = VARIANTS.get(kind)
        if variants:
            self.fields["variant"].choices = list(variants.items())
            self.fields["variant"].required = True
            self.fields["variant"].error_messages["required"] = "Précisez de quel document il s'agit."
        else:
            del self.fields["variant"]
        if kind != Kind.IDENTITY:
            del self.fields["expires_on"]
        if kind == Kind.BANK_DETAILS:
            self.fields["iban"].required = True
            self.fields["iban"].error_messages["required"] = (
                "Saisissez l'IBAN du compte, tel qu'il figure sur votre RIB."
            )
        else:
            del self.fields["iban"]

    def add_error(self, field, error):
        """Errors found by the service after validation are tied to their field like the form's own."""
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            error_id = f"id_{self.add_prefix(field)}_error"
            widget.attrs["aria-invalid"] = "true"
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            described = widget.attrs.get("aria-describedby", "")
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()
