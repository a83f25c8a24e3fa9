"""The steps of the public filing form and what the session keeps of them.

The session holds, under SESSION_KEY, a filing key (the idempotency key of the filing) and the
cleaned, JSON-serialisable data of each completed step. Nothing is written to the register before the
person confirms on the summary page.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from logis.geo.models import Commune
from logis.registry.communes import commune_label
from logis.registry.forms import (
    ContactForm,
    CurrentHousingForm,
    FamilyForm,
    IdentityForm,
    ProfessionalForm,
    ReasonsForm,
    ResourcesForm,
    StepForm,
    WishesForm,
)
from logis.registry.models import (
    CIVILITY_CHOICES,
    ContractType,
    CurrentHousing,
    FamilySituation,
    HousingKind,
    Nationality,
    Reason,
    RegisteredHouseholdMember,
    ResourceCode,
    Typology,
)

SESSION_KEY = "registry_filing"
FILED_KEY = "registry_filed"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[StepForm]
    intro: str = ""
    template_name: str = "registry/file_step.html"

    @property
    def url(self) -> str:
        return reverse("registry:file_step", args=[self.slug])


STEPS: tuple[Step, ...] = (
    Step(
        "identite",
        "Identité et nationalité",
        IdentityForm,
        "La personne qui dépose la demande est le demandeur. Les autres personnes du ménage sont déclarées "
        "à l'étape 3.",
    ),
    Step("coordonnees", "Coordonnées", ContactForm, "Où vous joindre et où vous habitez aujourd'hui."),
    Step(
        "famille",
        "Situation familiale et ménage",
        FamilyForm,
        "Déclarez les personnes qui vivront avec vous dans le logement demandé.",
        "registry/file_step_family.html",
    ),
    Step("situation-professionnelle", "Situation professionnelle", ProfessionalForm),
    Step(
        "ressources",
        "Ressources",
        ResourcesForm,
        "Les revenus du ménage servent à vérifier les plafonds de ressources du logement social.",
    ),
    Step("logement-actuel", "Logement actuel", CurrentHousingForm),
    Step("motifs", "Motifs de la demande", ReasonsForm),
    Step(
        "logement-recherche",
        "Logement recherché",
        WishesForm,
        "Où et quel logement souhaitez-vous ? Plus vos choix sont larges, plus vous recevrez de propositions.",
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


class FilingWizard:
    """The filing in progress, kept in the session."""

    def __init__(self, session):
        self.session = session

    @property
    def _state(self) -> dict[str, Any]:
        return self.session.get(SESSION_KEY) or {}

    def has_data(self) -> bool:
        return bool(self._state.get("steps"))

    @property
    def filing_key(self) -> str | None:
        return self._state.get("key")

    def stored(self, step: Step) -> dict[str, Any] | None:
        return self._state.get("steps", {}).get(step.slug)

    def store(self, step: Step, data: dict[str, Any]) -> None:
        state = self._state
        self.session[SESSION_KEY] = {
            "key": state.get("key") or str(uuid.uuid4()),
            "steps": {**state.get("steps", {}), step.slug: data},
        }

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def first_incomplete(self, *, before: Step | None = None) -> Step | None:
        for step in STEPS:
            if step == before:
                return None
            if self.stored(step) is None:
                return step
        return None

    def is_complete(self) -> bool:
        return self.first_incomplete() is None

    def filing_data(self) -> dict[str, Any]:
        """The data registry_demand_file expects, from the completed steps."""
        data: dict[str, Any] = {}
        for step in STEPS:
            data.update(step.form_class.demand_fields(self.stored(step)))
        data["members"] = data.pop("members", [])
        data["filing_key"] = self.filing_key
        return data


def progress(current: Step | None, wizard: FilingWizard) -> dict[str, Any]:
    """The progress indicator: "Étape 3 sur 8" and the list of steps (links to those already done)."""
    number = STEPS.index(current) + 1 if current else len(STEPS) + 1
    return {
        "number": number,
        "count": len(STEPS),
        "percent": round(100 * (number - 1) / len(STEPS)),
        "steps": [
            {"title": step.title, "url": step.url, "done": wizard.stored(step) is not None, "current": step == current}
            for step in STEPS
        ],
    }


# Summary ------------------------------------------------------------------------------------------------


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "")


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _euros(value) -> str:
    return f"{intcomma(value)} €" if value is not None else "Non renseigné"


def _yes_no(value: bool) -> str:
    return "Oui" if value else "Non"


def _commune(value) -> str:
    return commune_label(value) if value else "Non renseignée"


def summary_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything the person typed, by step, in readable French, for the check before filing."""
    members = [
        (
            f"Personne {position}",
            ", ".join(
                part
                for part in (
                    f"{m['first_name']} {m['last_name']}",
                    f"date de naissance : {_date(m['birth_date'])}",
                    _label(RegisteredHouseholdMember.Relation.choices, m["relation"]).lower(),
                    "à charge" if m["is_dependent"] else "",
                    "en situation de handicap" if m["has_disability"] else "",
                    "en garde alternée" if m.get("alternating_custody") else "",
                )
                if part
            ),
        )
        for position, m in enumerate(data["members"], start=1)
    ]
    resources = [
        (_label(ResourceCode.choices, line["code"]), f"{_euros(line['amount'])} par mois")
        for line in data["monthly_resources"]
    ]
    wished = Commune.objects.in_bulk(data["wished_communes"])
    year = timezone.localdate().year
    rows = {
        "identite": [
            ("Civilité", _label(CIVILITY_CHOICES, data["civility"])),
            ("Nom", data["last_name"]),
            ("Prénom", data["first_name"]),
            ("Date de naissance", _date(data["birth_date"])),
            ("Nationalité", _label(Nationality.choices, data["nationality"])),
            *(
                [("Titre de séjour valable jusqu'au", _date(data["residence_permit_expires_on"]))]
                if data["residence_permit_expires_on"]
                else []
            ),
        ],
        "coordonnees": [
            ("Adresse e-mail", data["email"]),
            ("Téléphone", data["phone"] or "Non renseigné"),
            ("Adresse", data["address"]),
            ("Code postal", data["postal_code"]),
            ("Commune", _commune(data["commune"])),
        ],
        "famille": [
            ("Situation familiale", _label(FamilySituation.choices, data["family_situation"])),
            ("Enfants à naître", str(data["expected_births"])),
            *(members or [("Autres personnes du ménage", "Aucune : vous vivrez sans autre personne")]),
        ],
        "situation-professionnelle": [
            ("Profession", data["profession"] or "Non renseignée"),
            ("Situation ou contrat", _label(ContractType.choices, data["contract_type"])),
            ("Employeur", data["employer_name"] or "Non renseigné"),
            ("SIRET de l'employeur", data["employer_siret"] or "Non renseigné"),
            ("Commune du lieu de travail", _commune(data["workplace_commune"])),
        ],
        "ressources": [
            (f"Revenu fiscal de référence {year - 2}", _euros(data["rfr_n2"])),
            (f"Revenu fiscal de référence {year - 1}", _euros(data["rfr_n1"])),
            *(resources or [("Ressources mensuelles", "Aucune déclarée")]),
        ],
        "logement-actuel": [
            ("Logement actuel", _label(CurrentHousing.choices, data["current_housing"])),
            ("Loyer mensuel", _euros(data["current_rent"])),
            ("Personnes dans le logement", str(data["current_occupants"])),
            ("Surface", f"{data['current_surface']} m²" if data["current_surface"] else "Non renseignée"),
        ],
        "motifs": [("Motifs", "; ".join(_label(Reason.choices, r) for r in data["reasons"]))],
        "logement-recherche": [
            ("Communes souhaitées", "; ".join(_commune(wished.get(code)) for code in data["wished_communes"])),
            ("Types de logement", ", ".join(_label(Typology.choices, t) for t in data["wished_typologies"])),
            ("Maison ou appartement", _label(HousingKind.choices, data["wished_kind"])),
            ("Loyer maximum", _euros(data["max_rent"])),
            ("Logement accessible ou adapté", _yes_no(data["accessibility_needed"])),
            *([("Adaptations nécessaires", data["accessibility_details"])] if data["accessibility_needed"] else []),
            ("Demandeur en situation de handicap", _yes_no(data["applicant_has_disability"])),
        ],
    }
    return [{"title": step.title, "url": step.url, "slug": step.slug, "rows": rows[step.slug]} for step in STEPS]
