"""The demo's photos: drawn here, stored once, three per published demo offer, in a few seconds at most."""

import pytest

from logis.offers.models import Offer
from logis.photos.demo import PICTURES
from logis.photos.models import OfferPhoto
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 - the fixture of the demo's communes
from tests.photos.test_workspace import stored_files

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_published_offer_photos_from_a_small_shared_set(communes_extract):  # noqa: F811
    load_demo(communes=communes_extract)
    live = Offer.objects.live().filter(reference__startswith="DEMO-")
    assert live.exists()
    assert not live.filter(photos__isnull=True).exists()
    assert all(offer.photos.count() == 3 and offer.photos.filter(is_cover=True).count() == 1 for offer in live[:20])
    assert OfferPhoto.objects.values("content_key").distinct().count() <= len(PICTURES)
    assert len(stored_files()) <= len(PICTURES) * 2  # two widths each, stored once
    assert all(photo.alt_text for photo in OfferPhoto.objects.all()[:50])
    before = OfferPhoto.objects.count()
    assert "Photos des offres déjà en place." in load_demo(communes=communes_extract)
    assert OfferPhoto.objects.count() == before  # idempotent
