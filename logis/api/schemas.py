"""The shapes of the API (pydantic, through django-ninja): what partners send and receive."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from logis.applications import reasons
from logis.offers.models import Accession as AccessionChoices
from logis.offers.models import EnergyClass as EnergyClassChoices
from logis.offers.models import Financing as FinancingChoices
from logis.offers.models import Offer
from logis.offers.models import Typology as TypologyChoices


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(Schema):
    type: str = Field(description="Adresse qui identifie le type de problème.")
    title: str
    status: int
    detail: str = Field(description="Ce qui s'est passé et quoi faire, en français.")
    instance: str
    errors: list[dict] | None = Field(None, description="Pour les données invalides : champ et message.")


# The problems an operation may answer (declared on each, so that the schema says every status it can give).
ERRORS = {code: ProblemOut for code in (400, 401, 403, 404, 409, 422, 429)}

Money = Decimal
# The values of the models' choices, so that the schema follows the models.
Financing = Literal[tuple(FinancingChoices.values)]
Kind = Literal[tuple(Offer.Kind.values)]
Typology = Literal[tuple(TypologyChoices.values)]
EnergyClass = Literal[tuple(EnergyClassChoices.values)]
OfferStatus = Literal[tuple(Offer.Status.values)]
Accession = Literal[tuple(AccessionChoices.values)]


class DwellingFields(Strict):
    """What every offer says of the home, to rent or to buy, and where it is."""

    reference: str | None = Field(None, max_length=30, description="Votre référence ; attribuée si absente.")
    kind: Kind
    typology: Typology
    rooms: int = Field(..., ge=1, le=30)
    bedrooms: int = Field(..., ge=0, le=29)
    surface: Money = Field(..., gt=0, le=9999, description="Surface habitable en m².")
    floor: int = Field(0, ge=-5, le=200)
    has_lift: bool = False
    is_accessible: bool = False
    address: str = Field(..., min_length=1, max_length=200)
    commune: str = Field(
        ..., pattern=r"^[0-9][0-9AB][0-9]{3}$", description="Code INSEE de la commune (5 caractères)."
    )
    available_on: dt.date
    energy_class: EnergyClass
    description: str = Field("", max_length=5000)


class OfferFields(DwellingFields):
    title: str = Field(..., min_length=1, max_length=200, description="Ce que les demandeurs lisent en premier.")
    financing: Financing
    rent: Money = Field(..., gt=0, le=99999, description="Loyer mensuel hors charges, en euros.")
    charges: Money = Field(..., ge=0, le=99999)
    annex_rent: Money = Field(Decimal(0), ge=0, le=99999)
    energy_contribution: Money = Field(Decimal(0), ge=0, le=99999)
    individual_water: bool = False
    individual_heating: bool = False
    individual_flat_charge: Money = Field(Decimal(0), ge=0, le=99999)


class OfferIn(OfferFields):
    publish: bool = Field(False, description="Publier l'offre tout de suite (sinon elle reste en brouillon).")


class SaleOfferIn(DwellingFields):
    """A home to buy (accession sociale, docs/adr/0015): a price and the terms of its kind instead of a rent."""

    title: str = Field(..., min_length=1, max_length=200, description="Ce que les acquéreurs lisent en premier.")
    accession: Accession = Field(
        ...,
        description="PSLA (location-accession), BRS (bail réel solidaire) ou VENTE_HLM (vente d'un logement social).",
    )
    price: Money = Field(..., gt=0, le=99_999_999, description="Prix de vente en euros (PSLA : à la levée d'option).")
    charges: Money = Field(..., ge=0, le=99999, description="Charges mensuelles que l'acquéreur paiera, en euros.")
    land_fee: Money | None = Field(None, ge=0, le=99999, description="BRS : redevance foncière mensuelle, en euros.")
    psla_fee: Money | None = Field(
        None, ge=0, le=99999, description="PSLA : redevance mensuelle de la phase locative."
    )
    psla_acquisitive_part: Money | None = Field(
        None, ge=0, le=99999, description="PSLA : part acquisitive de la redevance, en euros par mois."
    )
    psla_rental_months: int | None = Field(
        None, ge=0, le=600, description="PSLA : durée de la phase locative, en mois."
    )
    priority_until: dt.date | None = Field(
        None, description="Vente HLM : jusqu'à cette date, la vente est réservée aux acquéreurs prioritaires."
    )
    publish: bool = Field(False, description="Publier l'offre tout de suite (sinon elle reste en brouillon).")


class OfferPatch(Strict):
    title: str | None = Field(None, min_length=1, max_length=200)
    reference: str | None = Field(None, max_length=30)
    financing: Financing | None = None
    kind: Kind | None = None
    typology: Typology | None = None
    rooms: int | None = Field(None, ge=1, le=30)
    bedrooms: int | None = Field(None, ge=0, le=29)
    surface: Money | None = Field(None, gt=0, le=9999)
    floor: int | None = Field(None, ge=-5, le=200)
    has_lift: bool | None = None
    is_accessible: bool | None = None
    rent: Money | None = Field(None, gt=0, le=99999)
    charges: Money | None = Field(None, ge=0, le=99999)
    annex_rent: Money | None = Field(None, ge=0, le=99999)
    energy_contribution: Money | None = Field(None, ge=0, le=99999)
    individual_water: bool | None = None
    individual_heating: bool | None = None
    individual_flat_charge: Money | None = Field(None, ge=0, le=99999)
    address: str | None = Field(None, min_length=1, max_length=200)
    commune: str | None = Field(None, pattern=r"^[0-9][0-9AB][0-9]{3}$")
    available_on: dt.date | None = None
    energy_class: EnergyClass | None = None
    description: str | None = Field(None, max_length=5000)


class OfferStatusIn(Strict):
    action: Literal["publish", "suspend", "close"] = Field(
        ..., description="publish : publier ou reprendre ; suspend : plus de nouvelle candidature ; close : clôturer."
    )


class OfferOut(Schema):
    id: int
    reference: str
    title: str
    status: OfferStatus
    status_label: str
    financing: str
    kind: str
    typology: str
    rooms: int
    bedrooms: int
    surface: float
    floor: int
    has_lift: bool
    is_accessible: bool
    rent: float
    charges: float
    annex_rent: float
    energy_contribution: float
    individual_water: bool
    individual_heating: bool
    individual_flat_charge: float
    address: str
    commune: str
    commune_name: str
    available_on: dt.date
    energy_class: str
    description: str
    accession: str = Field(
        description="Vide pour un logement à louer ; PSLA, BRS ou VENTE_HLM pour un logement à vendre."
    )
    price: float | None = Field(description="Prix de vente d'un logement à vendre, en euros.")
    land_fee: float | None
    psla_fee: float | None
    psla_acquisitive_part: float | None
    psla_rental_months: int | None
    created_at: dt.datetime
    published_at: dt.datetime | None
    url: str = Field(description="La page publique de l'offre.")


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None = Field(description="À passer en paramètre cursor pour la page suivante ; null à la fin.")


class ScoreLineOut(Schema):
    code: str
    label: str
    points: int
    why: str


class ScoreOut(Schema):
    total: int
    grid_version: str
    breakdown: list[ScoreLineOut]


class ApplicantOut(Schema):
    first_name: str
    last_name: str
    numero_unique: str


class ApplicationOut(Schema):
    id: int
    offer_id: int
    offer_reference: str
    state: str
    state_label: str
    created_at: dt.datetime
    updated_at: dt.datetime
    applicant: ApplicantOut
    rank: int | None = Field(description="Rang dans le classement de l'offre par la cotation (1 = premier).")
    ranked_count: int | None = Field(description="Nombre de candidatures en cours classées pour l'offre.")
    score: ScoreOut | None
    actions: list[str] = Field(description="Les actions que le bailleur peut appliquer maintenant.")


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class HistoryOut(Schema):
    transition: str
    from_state: str
    to_state: str
    at: dt.datetime
    comment: str


class ApplicationDetailOut(ApplicationOut):
    history: list[HistoryOut]


LandlordAction = Literal["validate", "set_aside", "unschedule", "lift_condition", "condition_unmet", "make_offer"]


class TransitionIn(Strict):
    action: LandlordAction = Field(
        ...,
        description="validate : valider le dossier ; set_aside : ne pas le retenir (raison obligatoire) ; "
        "unschedule : le retirer de l'ordre du jour de la CALEOL ; lift_condition / condition_unmet : condition "
        "suspensive levée ou non remplie ; make_offer : proposer au candidat classé suivant.",
    )
    comment: str = Field("", max_length=1000, description="La raison, quand l'action en demande une.")
    reason_category: str = Field(
        "",
        max_length=40,
        description="La catégorie du motif, obligatoire pour set_aside et condition_unmet (le demandeur la lit) : "
        + "; ".join(f"{code} ({label})" for code, label in reasons.all_choices()),
    )


class AgendaIn(Strict):
    session_id: int
    application_ids: list[int] = Field(..., min_length=1, max_length=50)
    fewer_reason: str = Field("", max_length=40, description="Motif légal pour présenter moins de trois candidats.")


class VisitIn(Strict):
    at: dt.datetime = Field(..., description="Date et heure de la visite (ISO 8601, avec fuseau).")
    meeting_point: str = Field("", max_length=200)


class LeaseIn(Strict):
    signed_on: dt.date


class SessionOut(Schema):
    id: int
    held_at: dt.datetime
    place: str


class AgreementOut(Schema):
    id: int
    status: Literal["pending", "given", "refused"]
    status_label: str
    employee_first_name: str
    employee_last_name: str
    employee_email: str
    matricule: str
    employment_start: dt.date | None
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str
    staff_category: str


class AgreementPage(Schema):
    items: list[AgreementOut]
    next_cursor: str | None


class DecisionIn(Strict):
    decision: Literal["given", "refused"]
    reason: str = Field("", max_length=2000, description="Obligatoire pour un refus : la personne le lit.")
    staff_category: str = Field("", max_length=20, description="Catégorie de personnel, si vous l'indiquez.")


class DeliveryOut(Schema):
    id: int
    event: str
    event_id: str
    url: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None
