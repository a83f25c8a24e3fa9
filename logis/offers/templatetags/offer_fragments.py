"""The parts of an offer's page that depend on no one (its photos, rent or price, the dwelling, the description) are
cached per version of the offer (`{% cache 3600 … offer|offer_version %}` in offers/detail.html, in
CACHES["template_fragments"]: the process's memory). The version is a digest of every field of the offer and of its
photos as the page read them: any change of either, whatever wrote it (a service, the admin, an update()), gives
another key, so a cached fragment is never stale and nothing needs to be invalidated; old versions age out."""

import hashlib

from django import template

from logis.offers.models import Offer

register = template.Library()

_FIELDS = tuple(field.attname for field in Offer._meta.concrete_fields)
_PHOTO_FIELDS = ("pk", "position", "is_cover", "alt_text", "content_key", "widths", "width", "height")


@register.filter
def offer_version(offer: Offer) -> str:
    """The digest of `offer`'s fields and of its photos (`offer.photos.all()`, prefetched by the page)."""
    values = [getattr(offer, name) for name in _FIELDS]
    photos = [[getattr(photo, name) for name in _PHOTO_FIELDS] for photo in offer.photos.all()]
    return hashlib.blake2b(repr((values, photos)).encode(), digest_size=16).hexdigest()
