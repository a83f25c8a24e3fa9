"""Use cases of an offer's photos: add (checked, resized), describe, order, choose the cover, remove.

Every write checks first that the person is an agent of the offer's landlord (logis.photos.perms), then locks the
offer's row, so that two uploads at once cannot pass the limit of MAX_PHOTOS_PER_OFFER together.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from logis.documents.antivirus import configured_scanner
from logis.offers.models import Offer
from logis.photos.images import PreparedPhoto, prepare_photo
from logis.photos.models import MAX_PHOTOS_PER_OFFER, OfferPhoto, rendition_name
from logis.photos.perms import may_manage_photos
from logis.photos.storage import photo_storage

MAX_ALT_TEXT = 250


class PhotoError(Exception):
    """A request about photos that is refused, worded for the agent."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked_offer(offer: Offer, by) -> Offer:
    if not may_manage_photos(by, offer):
        raise PhotoError("Seuls les chargés de clientèle de ce bailleur gèrent les photos de ses offres.")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == Offer.Status.CLOSED:
        raise PhotoError("Cette offre est clôturée : ses photos ne se modifient plus.")
    return offer


def _clean_alt_text(alt_text: str) -> str:
    alt_text = " ".join((alt_text or "").split())
    if not alt_text:
        raise PhotoError(
            "Décrivez la photo en quelques mots (par exemple « Séjour lumineux avec balcon ») : ce texte est lu "
            "aux personnes qui ne voient pas l'image."
        )
    if len(alt_text) > MAX_ALT_TEXT:
        raise PhotoError(f"Le texte alternatif tient en {MAX_ALT_TEXT} caractères au plus : raccourcissez-le.")
    return alt_text


def store_renditions(prepared: PreparedPhoto) -> None:
    """Write the renditions of a photo, unless the same picture is already stored (named by its content)."""
    storage = photo_storage()
    for width, content in prepared.renditions.items():
        name = rendition_name(prepared.content_key, width)
        if not storage.exists(name):
            storage.save(name, ContentFile(content))


def _erase_unused(content_key: str, widths: list[int]) -> None:
    """After commit: erase the files of a picture that no photo row uses any more."""
    if OfferPhoto.objects.filter(content_key=content_key).exists():
        return
    storage = photo_storage()
    for width in widths:
        storage.delete(rendition_name(content_key, width))


def photo_add(*, offer: Offer, data: bytes, name: str, alt_text: str, by, scanner=None) -> tuple[OfferPhoto, bool]:
    """Add an uploaded photo to an offer: (the photo, True), or (the same photo already there, False).

    Raises PhotoError (not allowed, closed offer, limit reached, no alternative text) or UploadRefused (the file).
    The image work runs before the offer is locked; its row is written under the lock."""
    if not may_manage_photos(by, offer):
        raise PhotoError("Seuls les chargés de clientèle de ce bailleur gèrent les photos de ses offres.")
    alt_text = _clean_alt_text(alt_text)
    if OfferPhoto.objects.filter(offer=offer).count() >= MAX_PHOTOS_PER_OFFER:
        raise _too_many()
    prepared = prepare_photo(data, name=name, scanner=scanner if scanner is not None else configured_scanner())
    return _photo_record(offer=offer, prepared=prepared, alt_text=alt_text, by=by)


def _too_many() -> PhotoError:
    return PhotoError(
        f"Une offre compte {MAX_PHOTOS_PER_OFFER} photos au plus : retirez-en une avant d'en ajouter une autre."
    )


@transaction.atomic
def _photo_record(*, offer: Offer, prepared: PreparedPhoto, alt_text: str, by) -> tuple[OfferPhoto, bool]:
    offer = _locked_offer(offer, by)
    existing = OfferPhoto.objects.filter(offer=offer, content_key=prepared.content_key).first()
    if existing is not None:
        return existing, False  # the same picture sent twice (a double submit): one photo
    photos = OfferPhoto.objects.filter(offer=offer)
    if photos.count() >= MAX_PHOTOS_PER_OFFER:
        raise _too_many()
    store_renditions(prepared)
    last = photos.aggregate(last=Max("position"))["last"]
    photo = OfferPhoto.objects.create(
        offer=offer,
        position=0 if last is None else last + 1,
        is_cover=not photos.filter(is_cover=True).exists(),
        alt_text=alt_text,
        content_key=prepared.content_key,
        widths=sorted(prepared.renditions),
        width=prepared.width,
        height=prepared.height,
        added_by=by,
    )
    return photo, True


@transaction.atomic
def photo_describe(*, photo: OfferPhoto, alt_text: str, by) -> OfferPhoto:
    _locked_offer(photo.offer, by)
    photo.alt_text = _clean_alt_text(alt_text)
    photo.save(update_fields=["alt_text"])
    return photo


@transaction.atomic
def photo_move(*, photo: OfferPhoto, step: int, by) -> OfferPhoto:
    """Move a photo one place earlier (step -1) or later (+1) in the gallery; at either end, nothing changes."""
    offer = _locked_offer(photo.offer, by)
    ordered = list(OfferPhoto.objects.filter(offer=offer).order_by("position", "id"))
    index = next(i for i, other in enumerate(ordered) if other.pk == photo.pk)
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, other in enumerate(ordered):
        if other.position != position:
            OfferPhoto.objects.filter(pk=other.pk).update(position=position)
    photo.refresh_from_db()
    return photo


@transaction.atomic
def photo_set_cover(*, photo: OfferPhoto, by) -> OfferPhoto:
    offer = _locked_offer(photo.offer, by)
    OfferPhoto.objects.filter(offer=offer, is_cover=True).exclude(pk=photo.pk).update(is_cover=False)
    OfferPhoto.objects.filter(pk=photo.pk).update(is_cover=True)
    photo.refresh_from_db()
    return photo


@transaction.atomic
def photo_remove(*, photo: OfferPhoto, by) -> None:
    """Remove a photo; when it was the cover, the first remaining photo becomes the cover. Its files are erased
    after commit, unless another photo shows the same picture."""
    offer = _locked_offer(photo.offer, by)
    was_cover, content_key, widths = photo.is_cover, photo.content_key, list(photo.widths)
    photo.delete()
    remaining = OfferPhoto.objects.filter(offer=offer).order_by("position", "id")
    for position, other in enumerate(remaining):
        if other.position != position:
            OfferPhoto.objects.filter(pk=other.pk).update(position=position)
    if was_cover and (first := remaining.first()) is not None:
        OfferPhoto.objects.filter(pk=first.pk).update(is_cover=True)
    transaction.on_commit(lambda: _erase_unused(content_key, widths))
