import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from logis.core.forms import StyledFormMixin
from logis.documents.checklist import VARIANT_FROM_DEMAND, VARIANTS, Kind
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
        variants = VARIANTS.get(kind) if kind not in VARIANT_FROM_DEMAND else None
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


class TenantFileForm(StyledFormMixin, forms.Form):
    """What the applicant adds to « Mon dossier locataire »: the guarantee."""

    visale_visa = forms.CharField(
        label="Numéro de visa Visale (facultatif)",
        required=False,
        max_length=20,
        help_text="Si Action Logement vous a délivré un visa Visale, recopiez son numéro : il rassure le bailleur.",
    )
    guarantor_name = forms.CharField(
        label="Nom du garant (facultatif)",
        required=False,
        max_length=200,
        help_text="Sans visa Visale, la personne qui se porte caution ; déposez ses pièces ci-dessous.",
    )

    def clean_visale_visa(self):
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["visale_visa"]).upper()
        if value and not re.fullmatch(r"[A-Z0-9]{6,20}", value):
            raise forms.ValidationError(
                "Recopiez le numéro du visa Visale tel qu'il figure sur le visa : des lettres et des chiffres, sans "
                "autre signe."
            )
        return value


class TenantFileShareForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="Partager avec",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choisissez l'agence ou le propriétaire avec qui partager votre dossier.",
            "invalid_choice": "Choisissez une agence ou un propriétaire dont vous suivez une offre.",
        },
    )
    days = forms.IntegerField(
        label="Durée du lien (jours)",
        error_messages={"required": "Indiquez pendant combien de jours le lien fonctionne."},
    )

    def __init__(self, *args, recipients, bounds: tuple[int, int, int], **kwargs):
        super().__init__(*args, **kwargs)
        minimum, default, maximum = bounds
        self.fields["organization"].queryset = recipients
        self.fields["days"].min_value = minimum
        self.fields["days"].max_value = maximum
        self.fields["days"].initial = default
        self.fields[
            "days"
        ].help_text = f"De {minimum} à {maximum} jours ; vous pouvez retirer le partage à tout moment."
        self.fields["days"].validators = [
            MinValueValidator(minimum, message=f"Choisissez au moins {minimum} jour."),
            MaxValueValidator(maximum, message=f"Choisissez au plus {maximum} jours."),
        ]
        self.fields["days"].widget.attrs.update({"min": minimum, "max": maximum})
