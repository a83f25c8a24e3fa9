"""Offers of a landlord: list, read, create, update, publish / suspend / close — the workspace's services."""

from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from ninja import Query, Router, Status

from logis.api.auth import require, scoped
from logis.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_by_pk
from logis.api.problems import Problem
from logis.api.schemas import (
    ERRORS,
    OfferIn,
    OfferOut,
    OfferPage,
    OfferPatch,
    OfferStatus,
    OfferStatusIn,
    SaleOfferIn,
)
from logis.geo.models import Commune
from logis.landlords.forms import OfferForm, SaleOfferForm
from logis.landlords.services import WorkspaceError, offer_create, offer_set_status, offer_update
from logis.offers.models import Offer

router = Router(tags=["Offres (bailleurs)"])


def offer_out(offer: Offer) -> dict:
    data = {name: getattr(offer, name) for name in OfferOut.model_fields if hasattr(offer, name)}
    data.update(
        commune=offer.commune_id,
        commune_name=offer.commune.name,
        status_label=offer.get_status_display(),
        url=settings.SITE_URL.rstrip("/") + reverse("offers:detail", args=[offer.pk]),
    )
    return data


def landlord_offers(request):
    return Offer.objects.filter(landlord=request.auth.organization).select_related("commune")


def _offer(request, offer_id: int) -> Offer:
    offer = landlord_offers(request).filter(pk=offer_id).first()
    if offer is None:
        raise Problem(404, f"Aucune offre n° {offer_id} de votre organisation.")
    return offer


def _form_problem(form) -> Problem:
    errors = [
        {"champ": "requête" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return Problem(
        422, "L'offre n'est pas valable : voyez la liste des erreurs.", code="offre-invalide", errors=errors
    )


def _commune(code: str) -> Commune:
    commune = Commune.objects.filter(pk=code).first()
    if commune is None:
        raise Problem(
            422,
            f"Aucune commune n'a le code INSEE « {code} » (les communes fusionnées prennent le code de la commune "
            "nouvelle).",
            code="offre-invalide",
            errors=[{"champ": "commune", "message": f"Code INSEE inconnu : {code}."}],
        )
    return commune


def _form_data(values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            data[name] = "on" if value else ""
        elif value is None:
            data[name] = ""
        else:
            data[name] = value if isinstance(value, Commune) else str(value)
    return data


def _validated(values: dict, *, instance: Offer | None = None, form_class=OfferForm) -> dict:
    values = dict(values)
    values["commune"] = _commune(values["commune"]) if isinstance(values.get("commune"), str) else values["commune"]
    form = form_class(data=_form_data(values), instance=instance)
    if not form.is_valid():
        raise _form_problem(form)
    return form.cleaned_data


@router.get(
    "/offers",
    response={200: OfferPage, **ERRORS},
    auth=scoped("offers:read"),
    summary="Lister les offres de votre organisation",
)
def list_offers(
    request,
    status: OfferStatus | None = None,
    commune: str | None = Query(None, max_length=5),
    reference: str | None = Query(None, max_length=30),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    require(request, "offers:read")
    offers = landlord_offers(request)
    if status:
        offers = offers.filter(status=status)
    if commune:
        offers = offers.filter(commune_id=commune)
    if reference:
        offers = offers.filter(reference=reference)
    rows, next_cursor = page_by_pk(offers, cursor=cursor, limit=limit)
    return {"items": [offer_out(offer) for offer in rows], "next_cursor": next_cursor}


# Before /offers/{offer_id}: django-ninja reads a path parameter as text, so the first declared path wins.
@router.post(
    "/offers/sales",
    response={201: OfferOut, **ERRORS},
    auth=scoped("offers:write"),
    summary="Créer un logement à vendre (PSLA, BRS, vente HLM ; brouillon, ou publié avec publish)",
)
def create_sale_offer(request, payload: SaleOfferIn):
    if request.auth.organization.lets_privately:
        raise Problem(
            409, "Les logements à vendre sont publiés par les bailleurs sociaux (accession sociale).", code="refus"
        )
    return _create(request, payload, SaleOfferForm)


@router.get(
    "/offers/{offer_id}", response={200: OfferOut, **ERRORS}, auth=scoped("offers:read"), summary="Lire une offre"
)
def get_offer(request, offer_id: int):
    require(request, "offers:read")
    return offer_out(_offer(request, offer_id))


@router.post(
    "/offers",
    response={201: OfferOut, **ERRORS},
    auth=scoped("offers:write"),
    summary="Créer une offre (brouillon, ou publiée avec publish)",
)
def create_offer(request, payload: OfferIn):
    return _create(request, payload, OfferForm)


def _create(request, payload, form_class):
    """A draft (or published, with `publish`) offer from the payload, checked by the workspace's form."""
    key = require(request, "offers:write")
    values = payload.model_dump(exclude={"publish"})
    data = _validated(values, form_class=form_class)
    try:
        offer = offer_create(landlord=key.organization, data=data, by=key.created_by)
        if payload.publish:
            offer = offer_set_status(offer=offer, action="publish", by=key.created_by)
    except WorkspaceError as error:
        raise Problem(409, error.message, code="refus") from error
    offer = landlord_offers(request).get(pk=offer.pk)
    return Status(201, offer_out(offer))


@router.patch(
    "/offers/{offer_id}",
    response={200: OfferOut, **ERRORS},
    auth=scoped("offers:write"),
    summary="Modifier une offre (les champs envoyés)",
)
def update_offer(request, offer_id: int, payload: OfferPatch):
    key = require(request, "offers:write")
    offer = _offer(request, offer_id)
    if offer.is_for_sale:
        # The API's fields are those of a home to rent (rent, financing): a home to buy is edited in the
        # landlord's workspace (docs/adr/0015).
        raise Problem(
            409,
            "Cette offre est un logement à vendre (accession sociale) : modifiez-la dans l'espace bailleur.",
            code="refus",
        )
    changes = payload.model_dump(exclude_unset=True)
    if any(value is None for name, value in changes.items() if name != "reference"):
        raise Problem(
            422,
            "Une valeur null ne s'applique pas : omettez les champs que vous ne changez pas.",
            code="offre-invalide",
            errors=[{"champ": name, "message": "null n'est pas permis."} for name, v in changes.items() if v is None],
        )
    current = model_to_dict(offer, fields=OfferForm._meta.fields)
    current["commune"] = offer.commune
    current.update(changes)
    data = _validated(current, instance=offer)
    try:
        offer = offer_update(offer=offer, data=data, by=key.created_by)
    except WorkspaceError as error:
        raise Problem(409, error.message, code="refus") from error
    return offer_out(landlord_offers(request).get(pk=offer.pk))


@router.post(
    "/offers/{offer_id}/status",
    response={200: OfferOut, **ERRORS},
    auth=scoped("offers:write"),
    summary="Publier, suspendre ou clôturer une offre",
)
def set_offer_status(request, offer_id: int, payload: OfferStatusIn):
    key = require(request, "offers:write")
    offer = _offer(request, offer_id)
    try:
        offer = offer_set_status(offer=offer, action=payload.action, by=key.created_by)
    except WorkspaceError as error:
        raise Problem(409, error.message, code="refus") from error
    return offer_out(landlord_offers(request).get(pk=offer.pk))
