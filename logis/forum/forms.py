import uuid

from django import forms

from logis.core.forms import StyledFormMixin
from logis.forum.models import ModerationDecision, Report, Sanction
from logis.forum.services import BODY_MAX


class KeyedForm(StyledFormMixin, forms.Form):
    """A hidden key per displayed form: the same form sent twice makes one object."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())


BODY_HELP = (
    "N'écrivez ni numéro de téléphone, ni adresse e-mail, ni numéro de demande, de sécurité sociale ou de compte : "
    "ils seraient masqués. 10 000 caractères au plus."
)


class PostForm(KeyedForm):
    body = forms.CharField(
        label="Votre message",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
        error_messages={
            "required": "Écrivez votre message avant de l'envoyer.",
            "max_length": "Votre message dépasse 10 000 caractères : raccourcissez-le ou découpez-le.",
        },
    )
    official = forms.BooleanField(label="Publier comme réponse officielle de l'équipe Logis", required=False)

    def __init__(self, *args, team: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not team:
            del self.fields["official"]


class ThreadForm(PostForm):
    title = forms.CharField(
        label="Titre du sujet",
        max_length=150,
        min_length=5,
        help_text="Une question ou un thème en quelques mots (150 caractères au plus).",
        error_messages={
            "required": "Donnez un titre à votre sujet.",
            "min_length": "Donnez à votre sujet un titre d'au moins 5 caractères.",
            "max_length": "Le titre est limité à 150 caractères.",
        },
    )
    field_order = ["title", "body", "official"]


class EditForm(StyledFormMixin, forms.Form):
    body = PostForm.base_fields["body"]


class ReportForm(KeyedForm):
    reason = forms.ChoiceField(
        label="Motif du signalement",
        choices=[("", "Choisissez un motif"), *Report.Reason.choices],
        error_messages={"required": "Choisissez le motif du signalement."},
    )
    explanation = forms.CharField(
        label="Pourquoi ce message est-il illicite ou contraire à la charte ?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        min_length=10,
        error_messages={
            "required": "Expliquez en quelques mots pourquoi vous signalez ce message.",
            "min_length": "Expliquez en quelques mots (10 caractères au moins) pourquoi vous signalez ce message.",
        },
    )
    url = forms.CharField(
        label="Adresse exacte du message",
        required=False,
        widget=forms.TextInput(attrs={"readonly": True}),
        help_text="Remplie pour vous : c'est l'adresse du message signalé.",
    )
    name = forms.CharField(
        label="Vos nom et prénom", max_length=150, error_messages={"required": "Indiquez vos nom et prénom."}
    )
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Nous vous écrivons pour accuser réception puis pour vous dire la suite donnée.",
        error_messages={
            "required": "Indiquez votre adresse e-mail.",
            "invalid": "Cette adresse e-mail n'est pas valide.",
        },
    )
    good_faith = forms.BooleanField(
        label="Je déclare de bonne foi que les informations de ce signalement sont exactes et complètes.",
        error_messages={"required": "Cochez la déclaration de bonne foi pour envoyer le signalement."},
    )


GROUND_CHOICES = [("", "Choisissez l'article de la charte"), *ModerationDecision.Ground.choices]


class RemovalForm(StyledFormMixin, forms.Form):
    ground = forms.ChoiceField(
        label="Motif (article de la charte)",
        choices=GROUND_CHOICES,
        error_messages={"required": "Choisissez l'article de la charte qui fonde la décision."},
    )
    explanation = forms.CharField(
        label="Exposé des motifs envoyé à l'auteur",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text="Ce qui, dans le message, contrevient à la charte. L'auteur le reçoit par e-mail.",
        error_messages={"required": "Expliquez à l'auteur pourquoi son message est retiré."},
    )


class DismissForm(StyledFormMixin, forms.Form):
    outcome = forms.CharField(
        label="Réponse à la personne qui a signalé",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": "Dites à la personne qui a signalé pourquoi le message reste en ligne."},
    )


class SanctionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Sanction", choices=Sanction.Kind.choices, widget=forms.RadioSelect)
    days = forms.IntegerField(
        label="Durée de la suspension (jours)",
        min_value=1,
        max_value=365,
        required=False,
        help_text="Pour une suspension seulement : de 1 à 365 jours.",
    )
    reason = forms.CharField(
        label="Motif envoyé au membre",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": "Donnez le motif de la sanction : il est envoyé au membre."},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="Rechercher dans le forum", max_length=200, required=False)
