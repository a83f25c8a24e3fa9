from django import forms
from django.utils import timezone

from logis.core.forms import StyledFormMixin
from logis.demands.validation import check_employment_start, clean_siret
from logis.registry.numbering import normalize
from logis.rules.income import exception_choices


class NumeroUniqueForm(StyledFormMixin, forms.Form):
    numero_unique = forms.CharField(
        label="Numéro unique de votre demande de logement social",
        max_length=40,
        help_text=(
            "Il figure sur l'attestation d'enregistrement reçue après le dépôt de votre demande, par exemple "
            "069 0325 000123 G0001. Les espaces sont acceptés."
        ),
        error_messages={"required": "Saisissez le numéro unique de votre demande."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    def clean_numero_unique(self):
        numero = normalize(self.cleaned_data["numero_unique"])
        if not numero:
            raise forms.ValidationError("Saisissez le numéro unique de votre demande.")
        return numero


class SecurityCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="Code de sécurité reçu par e-mail",
        max_length=12,
        help_text="6 chiffres.",
        error_messages={"required": "Saisissez le code à 6 chiffres reçu par e-mail."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Le code de sécurité compte 6 chiffres : vérifiez l'e-mail reçu.")
        return code


class InformationForm(StyledFormMixin, forms.Form):
    YES, NO = "oui", "non"

    employer_name = forms.CharField(
        label="Nom de votre employeur",
        max_length=200,
        error_messages={"required": "Indiquez le nom de votre employeur."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    employer_siret = forms.CharField(
        label="SIRET de votre employeur",
        max_length=30,
        help_text="14 chiffres, indiqués sur votre bulletin de salaire. Les espaces sont acceptés.",
        error_messages={
            "required": "Indiquez le SIRET de votre employeur (14 chiffres, sur votre bulletin de salaire)."
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    matricule = forms.CharField(
        label="Matricule",
        max_length=50,
        required=False,
        help_text="Votre numéro de salarié, s'il en existe un (bulletin de salaire, badge). Facultatif.",
    )
    employment_start = forms.DateField(
        label="Date d'entrée dans l'entreprise",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez votre date d'entrée dans l'entreprise.",
            "invalid": "Saisissez une date valide, par exemple 06/01/2020.",
        },
    )
    inform_employer = forms.TypedChoiceField(
        label="Souhaitez-vous informer votre employeur de votre demande de logement ?",
        choices=[
            (YES, "Oui, mon employeur peut être informé de ma demande"),
            (NO, "Non, je ne souhaite pas que mon employeur en soit informé"),
        ],
        coerce=lambda value: value == InformationForm.YES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=(
            "Si vous acceptez, le service des ressources humaines de votre employeur saura que vous cherchez un "
            "logement et pourra appuyer votre candidature sur les logements qu'il réserve pour ses salariés. "
            "Il ne voit jamais le détail de votre demande (ressources, santé, famille). Si vous refusez, votre "
            "candidature est examinée de la même façon par le bailleur. Vous pouvez changer d'avis à tout moment."
        ),
        error_messages={"required": "Indiquez si vous souhaitez informer votre employeur (oui ou non)."},
    )

    @classmethod
    def initial_for(cls, demand) -> dict:
        """What the person already gave, else what the register knows of the employer."""
        if demand.information_complete:
            return {
                "employer_name": demand.employer_name,
                "employer_siret": demand.employer_siret,
                "matricule": demand.matricule,
                "employment_start": demand.employment_start,
                "inform_employer": cls.YES if demand.inform_employer else cls.NO,
            }
        snapshot = demand.snapshot or {}
        return {
            "employer_name": snapshot.get("employer_name", ""),
            "employer_siret": snapshot.get("employer_siret", ""),
        }

    def clean_employer_name(self):
        return self.cleaned_data["employer_name"].strip()

    def clean_employer_siret(self):
        return clean_siret(self.cleaned_data["employer_siret"])

    def clean_employment_start(self):
        return check_employment_start(self.cleaned_data["employment_start"], today=timezone.localdate())


class IncomeExceptionForm(StyledFormMixin, forms.Form):
    """« Ressources : situation particulière »: the situation in which only the applicant's own income counts."""

    NONE = "aucune"

    exception = forms.ChoiceField(
        label="Votre situation",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=(
            "Dans ces situations, seuls vos propres revenus sont comparés aux plafonds de ressources, et non ceux "
            "de votre ancien conjoint ou partenaire."
        ),
        error_messages={"required": "Choisissez votre situation, ou « Aucune de ces situations »."},
    )
    own_rfr_n2 = forms.IntegerField(
        label="Votre revenu fiscal de référence de l'avant-dernière année",
        required=False,
        min_value=0,
        help_text=(
            "En euros, sans centimes : le montant qui ne concerne que vous (votre propre avis d'imposition, ou "
            "votre part si l'avis était commun). Obligatoire si vous déclarez une situation."
        ),
        error_messages={
            "invalid": "Saisissez un montant en euros, sans centimes ni espaces, par exemple 19000.",
            "min_value": "Le montant ne peut pas être négatif.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    own_rfr_n1 = forms.IntegerField(
        label="Votre revenu fiscal de référence de l'année dernière",
        required=False,
        min_value=0,
        help_text="Facultatif : s'il est inférieur d'au moins 10 % au précédent, c'est lui qui est retenu.",
        error_messages={
            "invalid": "Saisissez un montant en euros, sans centimes ni espaces, par exemple 17500.",
            "min_value": "Le montant ne peut pas être négatif.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exception"].choices = [*exception_choices(), (self.NONE, "Aucune de ces situations")]

    @classmethod
    def initial_for(cls, demand) -> dict:
        return {
            "exception": demand.income_exception or cls.NONE,
            "own_rfr_n2": demand.own_rfr_n2,
            "own_rfr_n1": demand.own_rfr_n1,
        }

    def clean(self):
        data = super().clean()
        if data.get("exception") == self.NONE:
            data["exception"] = ""
        elif data.get("exception") and data.get("own_rfr_n2") is None and "own_rfr_n2" not in self.errors:
            self.add_error(
                "own_rfr_n2",
                "Indiquez votre propre revenu fiscal de référence : dans cette situation, seuls vos revenus comptent.",
            )
        return data
