from django import forms

from logis.core.forms import StyledFormMixin
from logis.photos.images import ACCEPT, MAX_PHOTO_BYTES
from logis.photos.services import MAX_ALT_TEXT

ALT_HELP = (
    "Obligatoire : ce que montre la photo, en quelques mots (par exemple « Séjour lumineux avec balcon »), lu aux "
    "personnes qui ne voient pas l'image."
)


class PhotoUploadForm(StyledFormMixin, forms.Form):
    photo = forms.FileField(
        label="Photo (JPEG, PNG ou WebP)",
        help_text=f"{MAX_PHOTO_BYTES // (1024 * 1024)} Mo au plus. Les données de localisation (GPS) et les "
        "autres métadonnées de la photo sont retirées.",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choisissez une photo sur votre appareil."},
    )
    alt_text = forms.CharField(
        label="Texte alternatif",
        max_length=MAX_ALT_TEXT,
        help_text=ALT_HELP,
        error_messages={"required": "Décrivez la photo en quelques mots : ce texte est obligatoire."},
    )


class PhotoDescribeForm(StyledFormMixin, forms.Form):
    alt_text = forms.CharField(
        label="Texte alternatif",
        max_length=MAX_ALT_TEXT,
        help_text=ALT_HELP,
        error_messages={"required": "Décrivez la photo en quelques mots : ce texte est obligatoire."},
    )
