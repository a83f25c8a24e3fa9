from django.conf import settings
from django.db import models

from logis.offers.models import Offer

MAX_PHOTOS_PER_OFFER = 12


class OfferPhotoQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The photos of the offers `user` may see (a draft's photos are its landlord's agents' only)."""
        return self.filter(offer__in=Offer.objects.visible_to(user))


class OfferPhoto(models.Model):
    """One photo of an offer, stored as WebP renditions of several widths (logis.photos.images).

    The files are named by the SHA-256 of the processed photo (`content_key`): the same picture used twice (a
    double submit, the demo's shared pictures) is stored once, and erased with its last row.
    """

    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_cover = models.BooleanField("photo de couverture", default=False)
    alt_text = models.CharField("texte alternatif", max_length=250)
    content_key = models.CharField(max_length=64, editable=False)
    widths = models.JSONField("largeurs disponibles (pixels)", default=list, editable=False)
    width = models.PositiveIntegerField("largeur (pixels)", editable=False)
    height = models.PositiveIntegerField("hauteur (pixels)", editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "photo d'une offre"
        verbose_name_plural = "photos des offres"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer"], condition=models.Q(is_cover=True), name="offer_photo_one_cover_per_offer"
            ),
            models.UniqueConstraint(fields=["offer", "content_key"], name="offer_photo_once_per_offer"),
        ]

    def __str__(self):
        return f"Photo {self.position + 1} de l'offre {self.offer_id}"

    def file_name(self, width: int) -> str:
        return rendition_name(self.content_key, width)

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def rendition_name(content_key: str, width: int) -> str:
    return f"{content_key[:2]}/{content_key}/{width}.webp"
