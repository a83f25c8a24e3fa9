"""Demo photos of the offers (section "photos" of `manage.py load_demo`): six pictures drawn here with Pillow (no
download), turned into WebP renditions once and stored once (named by their content), then shown by every
published demo offer, three each: a façade and two rooms, chosen from the offer's reference."""

import zlib

from PIL import Image, ImageDraw

from logis.core.demo import DemoContext, demo_section
from logis.offers.models import Offer
from logis.photos.images import render_photo
from logis.photos.models import OfferPhoto
from logis.photos.services import store_renditions

SIZE = (960, 640)
PHOTOS_PER_OFFER = 3


def _room(wall, floor, *, window=True, furniture=(120, 90, 70)) -> Image.Image:
    image = Image.new("RGB", SIZE, wall)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.polygon([(0, height * 0.72), (width, height * 0.72), (width, height), (0, height)], fill=floor)
    if window:
        draw.rectangle([width * 0.58, height * 0.14, width * 0.86, height * 0.56], fill=(178, 214, 240))
        draw.rectangle([width * 0.58, height * 0.14, width * 0.86, height * 0.56], outline=(250, 250, 250), width=10)
        draw.line([width * 0.72, height * 0.14, width * 0.72, height * 0.56], fill=(250, 250, 250), width=8)
    draw.rectangle([width * 0.08, height * 0.52, width * 0.42, height * 0.78], fill=furniture)
    draw.rectangle([width * 0.1, height * 0.46, width * 0.4, height * 0.56], fill=tuple(c + 30 for c in furniture))
    return image


def _facade() -> Image.Image:
    image = Image.new("RGB", SIZE, (160, 200, 235))
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle([width * 0.12, height * 0.12, width * 0.88, height], fill=(232, 218, 196))
    for row in range(5):
        for column in range(6):
            left = width * 0.16 + column * width * 0.12
            top = height * 0.18 + row * height * 0.15
            draw.rectangle([left, top, left + width * 0.07, top + height * 0.09], fill=(90, 120, 150))
    draw.rectangle([0, height * 0.93, width, height], fill=(110, 150, 90))
    return image


# (what it shows, how it is drawn), the alternative text of each picture.
PICTURES = [
    ("Façade de la résidence, immeuble de cinq étages", _facade),
    ("Séjour lumineux avec une grande fenêtre", lambda: _room((236, 230, 218), (170, 130, 95))),
    ("Chambre avec placard et fenêtre", lambda: _room((214, 226, 236), (150, 120, 100), furniture=(90, 110, 140))),
    ("Cuisine équipée", lambda: _room((240, 240, 236), (120, 120, 125), window=False, furniture=(200, 200, 205))),
    (
        "Salle d'eau avec douche",
        lambda: _room((220, 236, 234), (200, 205, 210), window=False, furniture=(240, 240, 245)),
    ),
    ("Séjour avec accès au balcon", lambda: _room((226, 216, 200), (140, 105, 80), furniture=(60, 95, 80))),
]


def _prepared_pictures():
    prepared = []
    for alt_text, draw in PICTURES:
        photo = render_photo(draw())
        store_renditions(photo)  # skipped when already stored
        prepared.append((alt_text, photo))
    return prepared


@demo_section("photos", after=("offers",))
def load_photos(ctx: DemoContext) -> list[str]:
    offers = list(
        Offer.objects.live().filter(reference__startswith="DEMO-", photos__isnull=True).values_list("pk", "reference")
    )
    if not offers:
        return ["Photos des offres déjà en place."]
    pictures = _prepared_pictures()
    rows = []
    for pk, reference in offers:
        start = 1 + zlib.crc32(reference.encode()) % (len(pictures) - 1)
        chosen = [pictures[0]] + [pictures[1 + (start + i) % (len(pictures) - 1)] for i in range(PHOTOS_PER_OFFER - 1)]
        for position, (alt_text, photo) in enumerate(chosen):
            rows.append(
                OfferPhoto(
                    offer_id=pk,
                    position=position,
                    is_cover=position == 1,  # a room as cover, the façade first in the gallery
                    alt_text=alt_text,
                    content_key=photo.content_key,
                    widths=sorted(photo.renditions),
                    width=photo.width,
                    height=photo.height,
                )
            )
    OfferPhoto.objects.bulk_create(rows, batch_size=1000)
    return [
        f"{len(rows)} photos ajoutées à {len(offers)} offres ({len(pictures)} images dessinées, stockées une fois)."
    ]
