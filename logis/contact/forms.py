import uuid

from django import forms

from logis.contact.models import Ticket
from logis.contact.services import BODY_MAX
from logis.core.forms import StyledFormMixin
from logis.documents.validation import ACCEPT, MAX_FILE_BYTES

ATTACHMENT_HELP = "Facultatif : un PDF, une image JPEG ou PNG, 10 Mo au plus."


class _Keyed(StyledFormMixin, forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())


def _body_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=BODY_MAX,
        error_messages={
            "required": "Écrivez votre message avant de l'envoyer.",
            "max_length": "Votre message dépasse 10 000 caractères : raccourcissez-le ou joignez un document.",
        },
    )


def _attachment_field() -> forms.FileField:
    return forms.FileField(
        label="Pièce jointe",
        required=False,
        help_text=ATTACHMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        max_length=200,
    )


class TicketForm(_Keyed):
    subject = forms.ChoiceField(
        label="Objet",
        choices=[("", "Choisissez l'objet de votre message"), *Ticket.Subject.choices],
        error_messages={"required": "Choisissez l'objet de votre message."},
    )
    name = forms.CharField(label="Votre nom", max_length=150, error_messages={"required": "Indiquez votre nom."})
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Nous vous répondons à cette adresse, avec un lien pour suivre votre demande.",
        error_messages={
            "required": "Indiquez votre adresse e-mail.",
            "invalid": "Cette adresse e-mail n'est pas valide.",
        },
    )
    body = _body_field("Votre message")
    attachment = _attachment_field()
    field_order = ["subject", "name", "email", "body", "attachment"]

    def clean_attachment(self):
        return _size_checked(self.cleaned_data.get("attachment"))


class ReplyForm(_Keyed):
    body = _body_field("Votre réponse")
    attachment = _attachment_field()

    def clean_attachment(self):
        return _size_checked(self.cleaned_data.get("attachment"))


class AnswerForm(StyledFormMixin, forms.Form):
    body = _body_field("Réponse de l'équipe")
    attachment = _attachment_field()
    close = forms.BooleanField(label="Clore la demande avec cette réponse", required=False)

    def clean_attachment(self):
        return _size_checked(self.cleaned_data.get("attachment"))


def _size_checked(upload):
    if upload and upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(
            f"Le fichier « {upload.name} » dépasse 10 Mo. Réduisez sa taille ou envoyez-le en plusieurs messages."
        )
    return upload


class InboxFilterForm(forms.Form):
    VIEWS = [("todo", "À traiter"), ("mine", "Suivies par moi"), ("answered", "Répondues"), ("closed", "Closes")]
    view = forms.ChoiceField(choices=VIEWS, required=False)
