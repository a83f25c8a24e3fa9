"""The cards of a page of "Mes offres" (`offers/includes/_offer_card.html`), rendered in Python.

Twenty cards through the template engine were a third of the page's CPU (about a hundred template nodes each, issue
#13). `offer_cards` gives the same HTML (tests/offers/test_offer_cards.py compares it with the include, offer by
offer, with and without a cover, a favourite, the reasons of ineligibility and values to escape), joined once with
the values escaped. The parts of a card that belong to other apps are rendered by them and passed in by id: the
cover's <img> (`cover_images`, logis.photos) and the favourite button (`favourite_buttons`, logis.searches).
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from logis.offers.models import Offer

register = template.Library()

# Placeholder of the offer's id in the address of its page (one reverse() for a page of cards).
_OFFER_PLACEHOLDER = 987654321


def _labels(name: str) -> dict:
    """The labels of a field's choices, as `get_<name>_display` shows them."""
    return {value: str(label) for value, label in Offer._meta.get_field(name).flatchoices}


_FINANCING, _TYPOLOGY, _KIND = _labels("financing"), _labels("typology"), _labels("kind")
_STEPS = {places: Decimal(1).scaleb(-places) for places in (1, 2)}


def _number(value, places: int, *, trim: bool = False) -> str:
    """`value|floatformat:places` (`"-places"` with trim: no decimals for a whole number) for the page's positive
    amounts, without grouping (USE_THOUSAND_SEPARATOR is off): the same text at a tenth of the filter's cost (sixty
    numbers a page); tests/offers/test_offer_cards.py compares both on many values."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if trim and number == number.to_integral_value():
        return str(int(number))
    rounded = number.quantize(_STEPS[places], rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # « 0,0 », never « -0,0 », as the filter writes it
    return f"{rounded:f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def _card(offer, detail_url: str, cover, button, shows_others: bool) -> str:
    head = (
        f'<article class="card card-offer card-offer-with-cover"><div class="card-offer-cover">{cover}</div>'
        if cover is not None
        else '<article class="card card-offer">'
    )
    badges = ""
    if offer.channel == "private":
        badges = '<span class="badge badge-financing">Parc privé</span>'
        if offer.furnished:
            badges += '<span class="badge badge-financing">Meublé</span>'
    financing = escape(_FINANCING.get(offer.financing, offer.financing))
    commune = offer.commune
    place = f"{escape(commune.name)} ({escape(commune.postal_code or offer.departement)})"
    if offer.distance_km is not None:
        place += (
            f' <span class="text-body-secondary">— à {_number(offer.distance_km, 1)} km de votre lieu de '
            "travail</span>"
        )
    accessible = " · Accessible PMR" if offer.is_accessible else ""
    favourite = f'<div class="mt-2">{button}</div>' if button is not None else ""
    reasons = ""
    if shows_others:
        failures = "".join(f"<li>{escape(failure.message)}</li>" for failure in offer.verdict.failures)
        reasons = (
            '<div class="offer-ineligible mt-2">'
            '<p class="small fw-semibold mb-1">Vous ne pouvez pas postuler à cette offre :</p>'
            f'<ul class="small mb-0">{failures}</ul></div>'
        )
    return (
        f'{head}<div class="card-body"><div class="d-flex flex-wrap justify-content-between gap-2">'
        f'<h3 class="h5 card-title mb-1"><a class="stretched-link" href="{detail_url}">{escape(offer.title)}</a></h3>'
        f'<span class="d-flex flex-wrap gap-1 align-self-start">{badges}'
        f'<span class="badge badge-financing">{financing}</span></span></div>'
        f'<p class="mb-1">{place}</p>'
        f'<p class="price mb-1">{_number(offer.monthly_total, 2, trim=True)} € '
        '<span class="fs-6 fw-normal">par mois, charges comprises</span></p>'
        f'<p class="mb-0 small">{escape(_TYPOLOGY.get(offer.typology, offer.typology))} · '
        f"{escape(_KIND.get(offer.kind, offer.kind))} · {_number(offer.surface, 1, trim=True)} m²{accessible}</p>"
        f"{favourite}{reasons}</div></article>"
    )


@register.simple_tag
def offer_cards(offers, covers=None, buttons=None, shows_others=False) -> SafeString:
    """The cards of `offers` (each with `distance_km`, `monthly_total`, its commune, and `verdict` when
    `shows_others`), each in its <li>: `covers` and `buttons` map an offer's id to its cover's <img> and its
    favourite button (None: no button)."""
    covers = covers or {}
    detail = reverse("offers:detail", args=[_OFFER_PLACEHOLDER])
    items = []
    for offer in offers:
        url = escape(detail.replace(str(_OFFER_PLACEHOLDER), str(int(offer.pk))))
        button = None if buttons is None else buttons.get(offer.pk, "")
        items.append(f'<li class="mb-3">{_card(offer, url, covers.get(offer.pk), button, shows_others)}</li>')
    return mark_safe("".join(items))  # noqa: S308 - every value escaped in _card
