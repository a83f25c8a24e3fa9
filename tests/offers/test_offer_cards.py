"""The cards of Mes offres rendered in Python (logis.offers.templatetags.offer_cards, with the cover's <img> of
logis.photos and the favourite button of logis.searches) are the HTML of `offers/includes/_offer_card.html`."""

import random
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.test import RequestFactory

from logis.offers.models import Offer
from logis.offers.selectors import _monthly_total
from logis.offers.templatetags.offer_cards import _number, offer_cards
from logis.photos.models import OfferPhoto
from logis.photos.templatetags.offer_photos import cover_images
from logis.rules.verdict import Check
from logis.searches.models import Favourite
from logis.searches.templatetags.saved_searches import favourite_buttons
from tests.factories import CommuneFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = "(min-width: 992px) 12rem, 8rem"


def same_html(text: str) -> str:
    """Whitespace as a browser reads it: every run is one space, none between two tags nor at the end of a
    paragraph."""
    text = re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text)).strip()
    return re.sub(r"\s+</(p|li|h3|span|button)>", r"</\1>", re.sub(r"<(p|h3|li|button)( [^>]*)?>\s+", r"<\1\2>", text))


def _offers():
    marseille = CommuneFactory(insee="13055", name="Marseille <13>", departement="13", postal_code="")
    private = OfferFactory(private=True, furnished=True, title="Studio « meublé » & calme", surface=Decimal("18.25"))
    accessible = OfferFactory(
        commune=marseille, is_accessible=True, kind="house", typology="T5", rent=Decimal("712.5")
    )
    OfferPhoto.objects.bulk_create(
        OfferPhoto(
            offer=accessible,
            position=i,
            alt_text=f"Pièce <{i}>",
            content_key=f"{i:064x}",
            is_cover=i == 1,
            widths=[480, 960],
            width=960,
            height=640,
        )
        for i in range(2)
    )
    plain = OfferFactory(financing="PLAI", surface=Decimal("64"))
    return [private, accessible, plain]


@pytest.mark.parametrize("shows_others", [False, True])
def test_the_cards_are_the_include_s_html(shows_others):
    user = UserFactory()
    ids = [offer.pk for offer in _offers()]
    Favourite.objects.create(owner=user, offer_id=ids[1])
    rows = {o.pk: o for o in Offer.objects.annotate(monthly_total=_monthly_total()).filter(pk__in=ids)}
    offers = [rows[pk] for pk in ids]
    for offer, distance in zip(offers, [None, 3.25, 0.04], strict=True):
        offer.distance_km = distance
        offer.verdict = SimpleNamespace(
            failures=[Check("typology", False, "Typologie <T5> : trop grande"), Check("effort", False, "Taux & co")]
        )
    request = RequestFactory().get("/offres/?commune=Lyon&page=2")
    request.user = user
    context = {"request": request, "csrf_token": "jeton<>", "shows_others": shows_others}
    buttons = favourite_buttons(context, offers)
    covers = cover_images(offers, sizes=SIZES, width=480)
    assert list(covers) == [ids[1]]
    fav_ids = {ids[1]}
    for offer in offers:
        expected = render_to_string(
            "offers/includes/_offer_card.html", {**context, "offer": offer, "fav_ids": fav_ids}
        )
        written = str(offer_cards([offer], covers, buttons, shows_others))
        assert written.startswith('<li class="mb-3">')
        assert written.endswith("</li>")
        assert same_html(written[len('<li class="mb-3">') : -len("</li>")]) == same_html(expected)


def test_without_buttons_a_card_has_no_favourite_form():
    offer = OfferFactory()
    offer.monthly_total, offer.distance_km = Decimal("615.00"), None
    written = str(offer_cards([offer]))
    assert "favourite-form" not in written
    assert "615 €" in written


def test_the_numbers_are_written_as_floatformat_writes_them():
    rng = random.Random(13)
    values = [0, 0.04, -0.04, 0.05, 0.25, 1.0, 2.45, 2.55, 999.95, 1234.5, Decimal("650.00"), Decimal("650.5")]
    values += [Decimal("-3.25"), Decimal("0.005"), Decimal("12.345"), Decimal("1000000.00"), 1e-7]
    values += [rng.uniform(0, 200) for _ in range(300)]
    values += [Decimal(rng.randint(0, 300000)) / 100 for _ in range(300)]
    for value in values:
        assert _number(value, 1) == floatformat(value, 1), value
        assert _number(value, 1, trim=True) == floatformat(value, "-1"), value
        assert _number(value, 2, trim=True) == floatformat(value, "-2"), value


def test_the_covers_of_a_page_are_read_in_one_query_or_from_the_prefetched_photos(django_assert_num_queries):
    offers = _offers()
    with django_assert_num_queries(1):
        read = cover_images(offers, sizes=SIZES, width=480)
    prefetched = list(Offer.objects.filter(pk__in=[offer.pk for offer in offers]).prefetch_related("photos"))
    with django_assert_num_queries(0):
        from_prefetch = cover_images(prefetched, sizes=SIZES, width=480)
    assert read == from_prefetch
    assert list(read) == [offers[1].pk]
    assert 'alt="Pièce &lt;1&gt;"' in read[offers[1].pk]  # the one chosen as cover, not the first
