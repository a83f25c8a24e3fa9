"""A landlord's agent adds the photos of an offer, describes, orders and removes them; applicants see them."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from logis.offers.models import Offer
from logis.organizations.models import Membership
from logis.photos.models import MAX_PHOTOS_PER_OFFER, OfferPhoto
from logis.photos.services import PhotoError, photo_add
from tests.factories import DemandFactory, MembershipFactory, OfferFactory
from tests.photos.samples import picture
from tests.support.documents_services import TEST_SIGNATURE

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "photos"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def offer():
    return OfferFactory(title="T3 lumineux")


@pytest.fixture
def agent(offer):
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _upload(client, offer, content: bytes, *, name="sejour.jpg", alt="Séjour lumineux avec balcon", **extra):
    return client.post(
        reverse("landlords:offer_photos", args=[offer.pk]),
        {"photo": SimpleUploadedFile(name, content, "image/jpeg"), "alt_text": alt, **extra},
    )


def _fill(offer, count: int) -> None:
    """Photo rows without files, to reach the limit quickly."""
    OfferPhoto.objects.bulk_create(
        OfferPhoto(
            offer=offer, position=i, alt_text="Pièce", content_key=f"{i:064x}", widths=[480], width=480, height=320
        )
        for i in range(count)
    )


def _add(offer, agent, size, alt="Photo"):
    return photo_add(offer=offer, data=picture("PNG", size), name="p.png", alt_text=alt, by=agent)[0]


def test_an_agent_adds_a_photo_which_becomes_the_cover(agent_client, offer):
    response = _upload(agent_client, offer, picture("JPEG"))
    assert response.status_code == 302
    photo = OfferPhoto.objects.get()
    assert (photo.offer, photo.alt_text, photo.is_cover, photo.position) == (
        offer,
        "Séjour lumineux avec balcon",
        True,
        0,
    )
    assert [path.name for path in stored_files()] == ["1200.webp", "480.webp", "960.webp"]
    assert all(b"TelephoneSecret" not in path.read_bytes() for path in stored_files())
    page = _text(agent_client.get(reverse("landlords:offer_photos", args=[offer.pk])))
    assert "Photo 1 sur 1" in page
    assert "Photo de couverture" in page


def test_the_alternative_text_is_required_and_what_was_typed_stays(agent_client, offer):
    response = _upload(agent_client, offer, picture("JPEG"), alt="   ")
    assert response.status_code == 400
    assert "Décrivez la photo en quelques mots" in _text(response)
    assert OfferPhoto.objects.count() == 0
    assert stored_files() == []


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(agent_client, offer):
    response = _upload(agent_client, offer, b"<html><script>alert(1)</script></html>", name="photo.jpg")
    assert response.status_code == 400
    page = _text(response)
    assert "n'est pas une photo JPEG, PNG ou WebP" in page
    assert 'value="Séjour lumineux avec balcon"' in page  # the alternative text typed is kept
    assert OfferPhoto.objects.count() == 0
    assert stored_files() == []


def test_a_double_submit_adds_one_photo(agent_client, offer):
    content = picture("JPEG")
    _upload(agent_client, offer, content)
    response = _upload(agent_client, offer, content)
    assert response.status_code == 302
    assert OfferPhoto.objects.count() == 1
    followed = agent_client.get(response.url)
    assert "Cette photo figure déjà dans l'offre." in _text(followed)


def test_no_more_than_twelve_photos(agent, offer):
    _fill(offer, MAX_PHOTOS_PER_OFFER - 1)
    _add(offer, agent, (300, 200))
    with pytest.raises(PhotoError, match="12 photos au plus"):
        _add(offer, agent, (400, 300))
    assert OfferPhoto.objects.filter(offer=offer).count() == MAX_PHOTOS_PER_OFFER


def test_the_page_refuses_a_thirteenth_photo(agent_client, offer):
    _fill(offer, MAX_PHOTOS_PER_OFFER)
    page = _text(agent_client.get(reverse("landlords:offer_photos", args=[offer.pk])))
    assert "L'offre compte déjà 12 photos" in page
    response = _upload(agent_client, offer, picture("JPEG"))
    assert response.status_code == 400
    assert "12 photos au plus" in _text(response)


def test_an_agent_orders_the_photos_chooses_the_cover_and_removes_one(
    agent_client, agent, offer, django_capture_on_commit_callbacks
):
    first, second, third = (_add(offer, agent, (300 + i, 200), alt=f"Photo {i}") for i in range(3))
    act = lambda photo, action: agent_client.post(reverse("landlords:offer_photo_act", args=[photo.pk, action]))  # noqa: E731

    act(third, "monter")
    assert list(offer.photos.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    act(first, "descendre")
    assert list(offer.photos.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    act(second, "couverture")
    assert list(offer.photos.filter(is_cover=True).values_list("pk", flat=True)) == [second.pk]
    files_before = len(stored_files())
    with django_capture_on_commit_callbacks(execute=True):
        act(second, "supprimer")
    assert list(offer.photos.values_list("pk", "position", "is_cover")) == [(third.pk, 0, True), (first.pk, 1, False)]
    assert len(stored_files()) == files_before - len(second.widths)


def test_the_alternative_text_is_changed_and_cannot_be_emptied(agent_client, agent, offer):
    photo = _add(offer, agent, (300, 200))
    url = reverse("landlords:offer_photo_act", args=[photo.pk, "texte"])
    agent_client.post(url, {f"photo-{photo.pk}-alt_text": "Cuisine équipée"})
    photo.refresh_from_db()
    assert photo.alt_text == "Cuisine équipée"
    response = agent_client.post(url, {f"photo-{photo.pk}-alt_text": ""})
    assert response.status_code == 400
    assert "ce texte est obligatoire" in _text(response)
    photo.refresh_from_db()
    assert photo.alt_text == "Cuisine équipée"


def test_another_landlords_agent_gets_404_everywhere(client, agent, offer):
    photo = _add(offer, agent, (300, 200))
    client.force_login(MembershipFactory(role=Membership.Role.AGENT).user)
    assert client.get(reverse("landlords:offer_photos", args=[offer.pk])).status_code == 404
    assert _upload(client, offer, picture("JPEG")).status_code == 404
    for action in ("monter", "couverture", "supprimer", "texte"):
        assert client.post(reverse("landlords:offer_photo_act", args=[photo.pk, action])).status_code == 404
    assert OfferPhoto.objects.filter(pk=photo.pk).exists()


def test_the_photos_of_a_closed_offer_no_longer_change(agent_client, agent, offer):
    photo = _add(offer, agent, (300, 200))
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.CLOSED)
    response = agent_client.post(reverse("landlords:offer_photo_act", args=[photo.pk, "supprimer"]), follow=True)
    assert "ses photos ne se modifient plus" in _text(response)
    assert OfferPhoto.objects.filter(pk=photo.pk).exists()


def test_a_photo_the_antivirus_finds_infected_is_refused(agent_client, offer, clamd):
    # A valid JPEG whose comment carries the test signature that only clamd knows.
    from tests.photos.samples import jpeg_with_comment

    response = _upload(agent_client, offer, jpeg_with_comment(b"note " + TEST_SIGNATURE))
    assert response.status_code == 400
    assert "refusé par le contrôle antivirus" in _text(response)
    assert stored_files() == []


def test_with_the_antivirus_down_the_photo_waits_to_be_sent_again(agent_client, offer, settings):
    from tests.support.documents_services import free_port

    settings.ANTIVIRUS_BACKEND = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{free_port()}"
    settings.CLAMD_TIMEOUT = 2
    response = _upload(agent_client, offer, picture("JPEG"))
    assert response.status_code == 400
    assert "contrôle antivirus est momentanément indisponible" in _text(response)
    assert OfferPhoto.objects.count() == 0


# --- what applicants see ------------------------------------------------------------------------------------


@pytest.fixture
def applicant_client(client, offer):
    demand = DemandFactory(workplace_commune=offer.commune, wished_communes=[offer.commune.insee], household_size=3)
    client.force_login(demand.owner)
    return client


def test_mes_offres_shows_the_cover_lazily_with_its_size(agent, offer, applicant_client):
    _add(offer, agent, (1200, 800), alt="Façade")
    cover = _add(offer, agent, (1000, 750), alt="Séjour lumineux")
    cover.is_cover = True
    OfferPhoto.objects.filter(offer=offer).update(is_cover=False)
    cover.save()
    page = applicant_client.get(reverse("offers:list")).content.decode()
    img = re.search(r'<div class="card-offer-cover"><img [^>]+>', page).group(0)
    assert 'alt="Séjour lumineux"' in img
    assert 'loading="lazy"' in img
    assert 'width="480" height="360"' in img
    assert f"/photos/{cover.pk}/960.webp 960w" in img


def test_the_offer_page_has_a_gallery_of_every_photo_in_order(agent, offer, applicant_client):
    photos = [_add(offer, agent, (600 + i, 400), alt=f"Pièce {i}") for i in range(3)]
    page = html.unescape(applicant_client.get(reverse("offers:detail", args=[offer.pk])).content.decode())
    assert [int(pk) for pk in re.findall(r'<figure class="gallery-slide".*?/photos/(\d+)/', page, re.S)] == [
        photo.pk for photo in photos
    ]
    assert "Photo 1 sur 3" in page
    assert "logis/js/gallery.js" in page
    assert "<script>" not in page  # no inline script


def test_the_card_list_reads_the_photos_in_one_query(agent, offer, applicant_client, django_assert_max_num_queries):
    for index in range(5):
        other = OfferFactory(commune=offer.commune, landlord=offer.landlord)
        _add(other, agent, (300 + index, 200))
    applicant_client.get(reverse("offers:list"))
    with django_assert_max_num_queries(20) as queries:
        applicant_client.get(reverse("offers:list"))
    assert sum("photos_offerphoto" in query["sql"] for query in queries.captured_queries) == 1


def test_a_photo_is_served_to_whoever_may_see_the_offer(agent, offer, applicant_client):
    photo = _add(offer, agent, (1200, 800))
    url = reverse("photos:image", args=[photo.pk, 480])
    response = applicant_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"RIFF")
    assert applicant_client.get(reverse("photos:image", args=[photo.pk, 333])).status_code == 404


def test_the_photos_of_a_draft_are_not_served_to_applicants(agent, offer, applicant_client, client):
    photo = _add(offer, agent, (600, 400))
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DRAFT)
    assert applicant_client.get(reverse("photos:image", args=[photo.pk, 480])).status_code == 404
    client.force_login(agent)
    assert client.get(reverse("photos:image", args=[photo.pk, 480])).status_code == 200
