"""Reads of the applicant's demand, and "Ma situation" as sections a person can read."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats

from logis.core.db import CompiledRows
from logis.demands import labels
from logis.demands.labels import label
from logis.demands.models import Demand
from logis.geo.models import Commune
from logis.registry.numbering import format_for_display

# The account's demand with its workplace and employer, as `.first()` reads it: compiled once per process
# (logis.core.db.CompiledRows), since most of the applicant's pages read it.
_DEMAND_OF = CompiledRows(
    Demand,
    lambda owner_id: (
        Demand.objects.select_related("workplace_commune", "employer").filter(owner_id=owner_id).order_by("pk")[:1]
    ),
    int,
)


def demand_of(user) -> Demand | None:
    """The demand linked to this account, if any (an account has at most one)."""
    if not user.is_authenticated:
        return None
    found = _DEMAND_OF.instances(user.pk)
    return found[0] if found else None


def demand_to_update(user) -> Demand | None:
    """The demand linked to this account, alone: what a write of its own fields reads (no workplace, no employer
    joined; the owner is the account)."""
    if not user.is_authenticated:
        return None
    demand = Demand.objects.filter(owner=user).first()
    if demand is not None:
        demand.owner = user
    return demand


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: list[Row] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    empty: str = ""
    items_title: str = ""


def _date(value: str | None) -> str:
    if not value:
        return ""
    if "T" in value:
        return formats.date_format(dt.datetime.fromisoformat(value), "j F Y")
    return formats.date_format(dt.date.fromisoformat(value), "j F Y")


def _euros(value: int | None) -> str:
    if value is None:
        return ""
    return f"{formats.number_format(value, force_grouping=True)} €"


def _yes_no(value: bool) -> str:
    return "Oui" if value else "Non"


def _rows(*pairs: tuple[str, str | None]) -> list[Row]:
    """Rows with a value; an empty value reads "Non renseigné" rather than disappearing."""
    return [Row(name, value if value not in (None, "") else "Non renseigné") for name, value in pairs]


def situation_sections(demand: Demand) -> list[Section]:
    """The register record of the demand (its snapshot at the last refresh), in the order of the CERFA form."""
    s = demand.snapshot or {}
    communes = dict(
        Commune.objects.filter(pk__in=s.get("wished_communes", [])).values_list("insee", "name")
    )  # one query for the wished communes
    members = s.get("members", [])

    identity = _rows(
        ("Nom", f"{label(labels.CIVILITY, s.get('civility'))} {s.get('first_name', '')} {s.get('last_name', '')}"),
        ("Date de naissance", _date(s.get("birth_date"))),
        ("Nationalité", label(labels.NATIONALITY, s.get("nationality"))),
    )
    if s.get("residence_permit_expires_on"):
        identity += _rows(("Titre de séjour valable jusqu'au", _date(s["residence_permit_expires_on"])))
    identity += _rows(
        ("Adresse e-mail", s.get("email")),
        ("Téléphone", s.get("phone")),
        ("Adresse", f"{s.get('address', '')}, {s.get('postal_code', '')} {s.get('commune_name', '')}".strip(", ")),
    )

    household = _rows(
        ("Situation familiale", label(labels.FAMILY_SITUATION, s.get("family_situation"))),
        ("Personnes au foyer", str(demand.household_size)),
    )
    if s.get("expected_births"):
        household += _rows(("Enfants à naître", str(s["expected_births"])))
    member_items = []
    for m in members:
        details = [
            m.get("relation_label") or m.get("relation", ""),
            f"date de naissance : {_date(m.get('birth_date'))}",
        ]
        if m.get("is_dependent"):
            details.append("à charge")
        if m.get("has_disability"):
            details.append("en situation de handicap")
        member_items.append(f"{m.get('first_name', '')} {m.get('last_name', '')} — {', '.join(details)}")

    workplace = demand.workplace_commune.name if demand.workplace_commune else ""
    professional = _rows(
        ("Profession", s.get("profession")),
        ("Contrat", label(labels.CONTRACT_TYPE, s.get("contract_type"))),
        ("Employeur", s.get("employer_name")),
        ("SIRET de l'employeur", s.get("employer_siret")),
        ("Lieu de travail", workplace),
    )

    resources = _rows(
        ("Revenu fiscal de référence N-2", _euros(s.get("rfr_n2"))),
        ("Revenu fiscal de référence N-1", _euros(s.get("rfr_n1"))),
    )
    resources += [
        Row(f"{label(labels.RESOURCE, r.get('code'))} (par mois)", _euros(r.get("amount")))
        for r in s.get("monthly_resources", [])
    ]
    resources += _rows(("Total des ressources mensuelles", _euros(demand.monthly_resources)))

    current = _rows(
        ("Logement actuel", label(labels.CURRENT_HOUSING, s.get("current_housing"))),
        ("Loyer actuel", _euros(s.get("current_rent"))),
        ("Nombre d'occupants", str(s.get("current_occupants", ""))),
        ("Surface", f"{s['current_surface']} m²" if s.get("current_surface") else ""),
    )

    wished = _rows(
        ("Communes souhaitées", ", ".join(communes.get(code, code) for code in s.get("wished_communes", []))),
        ("Typologies", ", ".join(s.get("wished_typologies", []))),
        ("Maison ou appartement", label(labels.HOUSING_KIND, s.get("wished_kind"))),
        ("Loyer maximum charges comprises", _euros(s.get("max_rent"))),
        ("Logement accessible nécessaire", _yes_no(bool(s.get("accessibility_needed")))),
    )
    if s.get("accessibility_details"):
        wished += _rows(("Besoins d'adaptation", s["accessibility_details"]))

    return [
        Section(
            "demande",
            "Ma demande",
            _rows(
                ("Numéro unique", format_for_display(demand.numero_unique)),
                ("Statut au registre", label(labels.REGISTER_STATUS, demand.register_status)),
                ("Déposée le", _date(s.get("filed_at"))),
                ("Valable jusqu'au", formats.date_format(demand.expires_on, "j F Y")),
            ),
        ),
        Section("identite", "Identité et coordonnées", identity),
        Section(
            "foyer",
            "Composition du foyer",
            household,
            member_items,
            empty="Aucune autre personne n'est déclarée au foyer.",
            items_title="Autres personnes du foyer",
        ),
        Section("professionnel", "Situation professionnelle", professional),
        Section("ressources", "Ressources", resources),
        Section("logement-actuel", "Logement actuel", current),
        Section(
            "motifs",
            "Motifs de la demande",
            items=[label(labels.REASON, code) for code in s.get("reasons", [])],
            empty="Aucun motif renseigné.",
        ),
        Section("souhaits", "Logement souhaité", wished),
    ]
