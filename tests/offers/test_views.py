import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logis.offers.models import Offer
from logis.offers.selectors import NEAREST_RADII_KM
from tests.factories import CommuneFactory, DemandFactory, MembershipFactory, UserFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

LIST_URL = reverse("offers:list")


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    return DemandFactory(
        workplace_commune=lyon, wished_communes=["69123"], wished_typologies=["T2", "T3"], household_size=2
    )


@pytest.fixture
def applicant(client, demand):
    client.force_login(demand.owner)
    return demand.owner


def test_an_applicant_without_demand_is_sent_to_ma_situation(client):
    client.force_login(UserFactory())
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Importez d'abord votre demande" in html
    assert reverse("demands:situation") in html
    assert "offer-results" not in html


def test_mes_offres_lists_fitting_offers_with_their_essentials(client, applicant, lyon):
    offer_at(lyon, title="T2 lumineux près du parc", north_km=2, rent=Decimal("430.50"), charges=Decimal("70"))
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "T2 lumineux près du parc" in html
    assert "Lyon (69001)" in html
    assert "à 2,0 km de votre lieu de travail" in html
    assert "500,50 €" in html
    assert "45 m²" in html
    assert "PLUS (social)" in html
    assert "1 offre trouvée" in html


def test_the_page_explains_the_criteria_taken_from_the_demand(client, applicant):
    html = client.get(LIST_URL).content.decode()
    assert "Offres adaptées à votre demande" in html
    assert "Typologie souhaitée : T2 ou T3" in html
    assert "à moins de 30 km de votre lieu de travail (Lyon)" in html
    assert "Loyer charges comprises jusqu&#x27;à 800 €" in html


def test_filters_keep_their_values(client, applicant):
    CommuneFactory(villeurbanne=True)
    response = client.get(
        LIST_URL,
        {"loyer_max": "700", "commune": "Villeurbanne", "accessible": "on", "financement": "social", "tri": "loyer"},
    )
    form = response.context["form"]
    html = response.content.decode()
    assert form["loyer_max"].value() == "700"
    assert 'value="700"' in html
    assert 'value="Villeurbanne"' in html
    assert 'name="accessible" class="form-check-input" id="id_accessible" checked' in html
    assert 'value="social" class="form-check-input" id="id_financement_1" checked' in html
    assert '<option value="loyer" selected>' in html


def test_every_filter_is_labelled(client, applicant):
    html = client.get(LIST_URL).content.decode()
    for name in ("commune", "departement", "distance", "loyer_max", "surface_min", "pieces", "chambres", "tri"):
        assert f'<label class="form-label" for="id_{name}">' in html


def test_an_invalid_filter_shows_its_error_and_is_ignored(client, applicant, lyon):
    offer_at(lyon, reference="SHOWN")
    response = client.get(LIST_URL, {"loyer_max": "beaucoup"})
    html = response.content.decode()
    assert "Saisissez un nombre entier." in html
    assert 'aria-invalid="true"' in html
    assert "1 offre trouvée" in html


def test_an_unknown_commune_is_said_unknown_with_close_names_not_aucune_offre(client, applicant, lyon):
    CommuneFactory(villeurbanne=True)
    offer_at(lyon, reference="SHOWN")
    for headers in ({}, {"HX-Request": "true"}):  # the page, and the results refreshed by htmx
        html = unescape(client.get(LIST_URL, {"commune": "Villeurbane"}, headers=headers).content.decode())
        assert "La commune « Villeurbane » est inconnue. Vouliez-vous dire « Villeurbanne » ?" in html
        assert "Aucune offre trouvée" not in html
    html = unescape(client.get(LIST_URL, {"commune": "Xyzzyville"}).content.decode())
    assert "La commune « Xyzzyville » est inconnue : vérifiez son orthographe, ou tapez son code postal." in html
    assert 'value="Xyzzyville"' in html  # what was typed stays
    html = unescape(client.get(LIST_URL, {"commune": "99999"}).content.decode())
    assert "Aucune commune n'a le code postal « 99999 »" in html
    for known in ("Villeurbanne", "villeurbanne", "69100", "Lyon", "Villeurbanne (69100)"):
        assert "inconnue" not in client.get(LIST_URL, {"commune": known}).content.decode()


def test_htmx_requests_get_only_the_results(client, applicant, lyon):
    offer_at(lyon, title="Offre rafraîchie")
    response = client.get(LIST_URL, {"financement": "social"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Offre rafraîchie" in html
    assert "<html" not in html
    assert 'id="filters-title"' not in html
    assert 'hx-swap-oob="true"' in html  # the result count, outside the swapped region, is refreshed too
    assert "HX-Request" in response["Vary"]


def test_a_full_page_load_has_the_form_and_the_results_region(client, applicant):
    html = client.get(LIST_URL).content.decode()
    assert '<div id="offer-results">' in html
    assert 'hx-target="#offer-results"' in html
    assert 'hx-swap-oob="true"' not in html


def test_pagination_links_keep_the_filters(client, applicant, lyon, settings):
    settings.LOGIS_OFFERS_PAGE_SIZE = 2
    for n in range(5):
        offer_at(lyon, north_km=n)
    response = client.get(LIST_URL, {"financement": "social", "page": "2"})
    html = response.content.decode()
    assert "5 offres trouvées" in html
    assert "Page 2 sur 3" in html
    assert "financement=social&amp;page=3" in html
    assert "financement=social&amp;page=1" in html
    assert len(response.context["offers"]) == 2


def test_page_size_can_be_chosen_up_to_a_maximum(client, applicant, lyon):
    for n in range(3):
        offer_at(lyon, north_km=n)
    assert client.get(LIST_URL, {"par_page": "1"}).context["page_obj"].paginator.per_page == 1
    assert client.get(LIST_URL, {"par_page": "100000"}).context["page_obj"].paginator.per_page == 100


def test_empty_results_say_which_filter_to_relax(client, applicant, lyon):
    offer_at(lyon, rent=Decimal("400"))
    response = client.get(LIST_URL, {"loyer_max": "300", "financement": "social"})
    html = " ".join(response.content.decode().split())
    assert "Aucune offre ne correspond" in html
    # The counts per criterion come with a second request, loaded by htmx (a link without JavaScript).
    assert 'hx-get="?loyer_max=300&amp;financement=social&amp;assouplir=1" hx-trigger="load"' in html
    assert "Voir quels critères assouplir" in html
    response = client.get(LIST_URL, {"loyer_max": "300", "financement": "social", "assouplir": "1"})
    html = " ".join(response.content.decode().split())
    assert "sans le critère « Loyer charges comprises jusqu&#x27;à 300 € » : 1 offre" in html
    assert 'href="?financement=social"' in html  # removes the rent filter and keeps the others


def test_the_all_offers_scope_shows_offers_outside_the_demand(client, applicant, lyon):
    grenoble = CommuneFactory(grenoble=True)
    offer_at(grenoble, title="Loin du travail")
    assert "Loin du travail" not in client.get(LIST_URL).content.decode()
    html = client.get(LIST_URL, {"perimetre": "toutes"}).content.decode()
    assert "Loin du travail" in html
    assert "Toutes les offres disponibles" in html


def test_number_of_queries_does_not_grow_with_the_page_size(
    client, applicant, lyon, settings, django_assert_max_num_queries
):
    landlords = [MembershipFactory().organization for _ in range(3)]
    for n in range(60):
        offer_at(lyon, north_km=n / 10, landlord=landlords[n % 3])
    client.get(LIST_URL)  # the commune suggestions are read once, then cached
    counts = []
    for size in (5, 50):
        settings.LOGIS_OFFERS_PAGE_SIZE = size
        with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert len(response.context["offers"]) == size
        counts.append(len(queries))
    # Nearest first, a page is read within growing circles around the workplace (one query per circle tried):
    # a longer page may need a larger circle, never a query per offer.
    assert counts[1] - counts[0] <= len(NEAREST_RADII_KM)


# --- detail ---------------------------------------------------------------------------------------------------


def test_offer_detail_shows_everything_needed_to_decide(client, applicant, lyon):
    offer = offer_at(
        lyon,
        title="T3 traversant avec loggia",
        north_km=3,
        typology="T3",
        rooms=3,
        bedrooms=2,
        floor=4,
        has_lift=True,
        is_accessible=True,
        energy_class="B",
        rent=Decimal("512.30"),
        charges=Decimal("98.70"),
        surface=Decimal("64.50"),
        address="12 rue des Tilleuls",
        available_on=dt.date(2031, 3, 1),
        description="Cuisine équipée.",
    )
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    for expected in (
        "T3 traversant avec loggia",
        "512,30 € par mois",
        "98,70 € par mois",
        "611,00 € par mois",
        "64,50 m²",
        "4e étage",
        "Classe énergie (DPE)",
        "1 mars 2031",
        "12 rue des Tilleuls",
        "69001 Lyon",
        offer.landlord.name,
        "PLUS (social)",
        "Cuisine équipée.",
        "3,0 km à vol d'oiseau de Lyon",
        f"mlat={offer.lat:.5f}&amp;mlon={offer.lng:.5f}",
        "https://www.openstreetmap.org/",
    ):
        assert expected in html, expected
    assert '<script src="http' not in html


def test_the_cached_parts_of_an_offer_follow_every_change_of_the_offer_and_its_photos(client, applicant, lyon):
    """Its photos, rent, dwelling and description are cached per version of the offer (logis.offers.templatetags.
    offer_fragments): whatever writes the offer or its photos, even an update() that sends no signal, the page
    shows the change; two offers never share them."""
    from logis.photos.models import OfferPhoto

    offer = offer_at(lyon, rent=Decimal("512.30"), floor=4, description="Cuisine équipée.")
    other = offer_at(lyon, rent=Decimal("700.00"), floor=4, description="Cuisine équipée.")
    url = reverse("offers:detail", args=[offer.pk])
    for _round in range(2):
        page = client.get(url).content.decode()
        assert "512,30 € par mois" in page
        assert "4e étage" in page
        assert "Photos du logement" not in page
    assert "700,00 € par mois" in client.get(reverse("offers:detail", args=[other.pk])).content.decode()
    Offer.objects.filter(pk=offer.pk).update(rent=Decimal("530.00"), floor=0, description="Jardin privatif.")
    page = client.get(url).content.decode()
    assert "530,00 € par mois" in page
    assert "Rez-de-chaussée" in page
    assert "Jardin privatif." in page
    assert "512,30" not in page
    photo = OfferPhoto.objects.create(
        offer=offer, alt_text="Séjour avec balcon", content_key="a" * 64, widths=[480, 960], width=960, height=640
    )
    page = client.get(url).content.decode()
    assert "Photos du logement, 1 au total" in page
    assert 'alt="Séjour avec balcon"' in page
    OfferPhoto.objects.filter(pk=photo.pk).update(alt_text="Cuisine ouverte")
    page = client.get(url).content.decode()
    assert 'alt="Cuisine ouverte"' in page
    assert "Séjour avec balcon" not in page


def test_offer_detail_makes_as_many_queries_with_photos_as_without(client, applicant, lyon, django_assert_num_queries):
    from logis.photos.models import OfferPhoto

    offer = offer_at(lyon)
    url = reverse("offers:detail", args=[offer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    OfferPhoto.objects.bulk_create(
        OfferPhoto(
            offer=offer, position=i, alt_text="Pièce", content_key=f"{i:064x}", widths=[480], width=480, height=320
        )
        for i in range(4)
    )
    with django_assert_num_queries(len(without)):  # the photos in one query, the fragments from the cache
        page = client.get(url).content.decode()
    assert "Photos du logement, 4 au total" in page
    assert len(without) <= 8


def test_offer_detail_has_the_apply_form(client, applicant, lyon):
    offer = offer_at(lyon)
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert f'<form method="post" action="{reverse("applications:apply", args=[offer.pk])}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Je postule" in html


def test_offer_detail_without_demand_points_to_ma_situation_instead_of_applying(client, lyon):
    client.force_login(UserFactory())
    offer = offer_at(lyon)
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Je postule" not in html
    assert reverse("demands:situation") in html


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.SUSPENDED, Offer.Status.CLOSED])
def test_an_offer_that_is_not_live_is_not_found_by_applicants(client, applicant, lyon, status):
    offer = offer_at(lyon, status=status)
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404


def test_a_landlord_agent_can_preview_their_own_draft(client, lyon):
    membership = MembershipFactory()
    offer = offer_at(lyon, status=Offer.Status.DRAFT, landlord=membership.organization)
    other = offer_at(lyon, status=Offer.Status.DRAFT)
    client.force_login(membership.user)
    response = client.get(reverse("offers:detail", args=[offer.pk]))
    assert response.status_code == 200
    assert "Offre brouillon" in response.content.decode()
    assert client.get(reverse("offers:detail", args=[other.pk])).status_code == 404


def test_offers_pages_require_login(client, lyon):
    offer = offer_at(lyon)
    assert client.get(LIST_URL).status_code == 302
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 302


def test_a_first_visit_shows_the_default_choices(client, applicant):
    html = client.get(LIST_URL).content.decode()
    assert 'value="adaptees" class="form-check-input" id="id_perimetre_0" checked' in html
    assert 'value="tous" class="form-check-input" id="id_financement_0" checked' in html
    assert '<option value="distance" selected>' in html


def test_without_a_workplace_the_distance_filter_is_disabled_and_explained(client, lyon):
    demand = DemandFactory(workplace_commune=None)
    client.force_login(demand.owner)
    response = client.get(LIST_URL, {"distance": "5"})
    assert response.context["form"].fields["distance"].disabled
    assert "Votre demande n'indique pas de lieu de travail" in response.content.decode()


def test_an_agent_with_admin_access_does_not_see_another_landlords_draft(client, lyon):
    membership = MembershipFactory(user__is_staff=True)
    other = offer_at(lyon, status=Offer.Status.DRAFT)
    client.force_login(membership.user)
    assert client.get(reverse("offers:detail", args=[other.pk])).status_code == 404


def test_the_logis_team_sees_every_offer(client, lyon):
    draft = offer_at(lyon, status=Offer.Status.DRAFT)
    client.force_login(UserFactory(kind="staff", is_staff=True))
    assert client.get(reverse("offers:detail", args=[draft.pk])).status_code == 200


def test_the_default_filters_are_rendered_once_and_kept_per_kind_of_demand(client, applicant, lyon):
    from django.core.cache import cache

    cache.clear()
    first = client.get(LIST_URL).content.decode()
    assert "Autour du lieu de travail indiqué dans votre demande." in first
    other = DemandFactory(workplace_commune=CommuneFactory(grenoble=True), household_size=2)
    client.force_login(other.owner)
    second = client.get(LIST_URL).content.decode()
    form_of = lambda html: html[html.index('<form method="get"') : html.index("</form>")]  # noqa: E731
    assert form_of(second) == form_of(first)
    without_workplace = DemandFactory(workplace_commune=None, household_size=2)
    client.force_login(without_workplace.owner)
    html = client.get(LIST_URL).content.decode()
    assert "Votre demande n'indique pas de lieu de travail : ce filtre est inactif." in html
    # A search with filters renders its own form, with the values chosen.
    html = client.get(LIST_URL, {"loyer_max": "650"}).content.decode()
    assert 'value="650"' in html


def test_on_a_phone_the_offer_page_keeps_je_postule_in_a_bar(client, applicant, lyon):
    offer = offer_at(lyon)
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    bar = html.split('class="offer-action-bar d-lg-none"')[1].split("</section>")[0]
    assert f'action="{reverse("applications:apply", args=[offer.pk])}"' in bar
    assert "Je postule" in bar
    assert "par mois, charges comprises" in bar


def test_no_apply_bar_on_an_offer_the_demand_is_not_eligible_to(client, applicant, lyon):
    offer = offer_at(lyon, rent=Decimal("2900"))
    html = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Vous ne pouvez pas postuler" in html
    assert "offer-action-bar" not in html
