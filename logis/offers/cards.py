"""The offer cards of "Mes offres", rendered once per version of an offer and kept in the shared cache.

A card shows the offer only (title, place, rent, typology, cover photo): the same HTML for everyone, but the
distance to the person's workplace, which is put in its place afterwards. Twenty cards through the template engine
cost milliseconds of CPU on every page; read from the cache they cost one round trip for the page.

The key is a digest of everything the card may read: every column of the offer, its commune's name and postal
code, its photos' columns, and the template's own text (an edited template makes new keys). No invalidation is
needed: a changed offer has a new key, and the old card expires.
"""

import hashlib
from functools import cache as once
from pathlib import Path

from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.template.loader import get_template, render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

CARD_TEMPLATE = "offers/includes/_offer_card.html"
CARD_TTL = 3600
# Where the distance goes in a cached card (user text is escaped: no "<" of a title can ever look like it).
DISTANCE_SLOT = mark_safe("<!--logis:distance-->")  # noqa: S308 - a constant of our own


@once
def _template_digest() -> str:
    """A digest of the card template's source, read once per process."""
    template = get_template(CARD_TEMPLATE)
    origin = getattr(getattr(template, "template", template), "origin", None)
    source = Path(origin.name).read_bytes() if origin and origin.name else CARD_TEMPLATE.encode()
    return hashlib.blake2b(source, digest_size=8).hexdigest()


def _key(offer) -> str:
    fields = tuple(getattr(offer, field.attname) for field in offer._meta.concrete_fields)
    commune = (offer.commune.name, offer.commune.postal_code) if offer.commune_id else None
    photos = tuple(
        tuple(getattr(photo, field.attname) for field in photo._meta.concrete_fields) for photo in offer.photos.all()
    )
    digest = hashlib.blake2b(
        repr((fields, getattr(offer, "monthly_total", None), commune, photos)).encode(), digest_size=12
    )
    return f"offers:card:{_template_digest()}:{offer.pk}:{digest.hexdigest()}"


def _distance(offer) -> str:
    if getattr(offer, "distance_km", None) is None:
        return ""
    return format_html(
        '<span class="text-body-secondary">— à {} km de votre lieu de travail</span>',
        floatformat(offer.distance_km, 1),
    )


def with_cards(offers: list, *, shows_others: bool = False) -> list:
    """Set `card_html` on each offer of a page. The list of the offers one may apply to reads the cards from the
    cache (one read for the page, the missing ones rendered and written back); the other list shows each offer's
    verdict for the person, so its cards are rendered each time."""
    if shows_others:
        for offer in offers:
            offer.card_html = render_to_string(CARD_TEMPLATE, {"offer": offer, "shows_others": True})
        return offers
    keys = {offer.pk: _key(offer) for offer in offers}
    found = cache.get_many(list(keys.values()))
    missing = {}
    for offer in offers:
        html = found.get(keys[offer.pk])
        if html is None:
            html = render_to_string(CARD_TEMPLATE, {"offer": offer, "distance_slot": DISTANCE_SLOT})
            missing[keys[offer.pk]] = html
        offer.card_html = mark_safe(html.replace(DISTANCE_SLOT, _distance(offer)))  # noqa: S308 - our HTML
    if missing:
        cache.set_many(missing, CARD_TTL)
    return offers
