"""The "Ma situation" pages: number form, code form, the imported demand shown to its owner only."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.demands.models import Demand, ImportChallenge
from logis.demands.services import demand_import_confirm
from logis.registry.numbering import format_for_display
from tests.demands.conftest import last_code
from tests.factories import DemandFactory, RegisteredDemandFactory, UserFactory

pytestmark = pytest.mark.django_db

SITUATION = reverse("demands:situation")


@pytest.fixture
def client_of(client, applicant):
    client.force_login(applicant)
    return client


def _post_number(client, numero, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("demands:import_start"), {"numero_unique": numero})


def test_situation_requires_login(client):
    response = client.get(SITUATION)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_without_demand_the_page_asks_the_numero_unique(client_of):
    response = client_of.get(SITUATION)
    assert response.status_code == 200
    assert 'name="numero_unique"' in response.content.decode()


NEUTRAL = (
    "correspond à une demande de logement social active qui peut être rattachée à votre compte, un code de sécurité "
    "vient d'être envoyé à l'adresse e-mail indiquée dans cette demande"
)


def _page_after_number(client, numero, django_capture_on_commit_callbacks) -> str:
    """The page a person reads after typing a numéro, with the numéro itself blanked out."""
    response = _post_number(client, numero, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = html.unescape(client.get(SITUATION).content.decode())
    page = page.replace(format_for_display(numero), "NUMERO")
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", page)


def test_every_numero_gets_the_same_page_and_only_the_importable_one_a_code(
    client, registered, django_capture_on_commit_callbacks, mailoutbox
):
    linked = RegisteredDemandFactory()
    DemandFactory(numero_unique=linked.numero_unique)
    numeros = {
        "importable": registered.numero_unique,
        "unknown": "0691125999999G0001",
        "linked to another account": linked.numero_unique,
        "expired": RegisteredDemandFactory(expired=True).numero_unique,
        "radiated": RegisteredDemandFactory(status="radiated").numero_unique,
    }
    pages = {}
    for kind, numero in numeros.items():
        client.force_login(UserFactory(first_name="Camille", last_name="Martin", email=f"{kind[:4]}@exemple.fr"))
        pages[kind] = _page_after_number(client, numero, django_capture_on_commit_callbacks).replace(
            f"{kind[:4]}@exemple.fr", "EMAIL"
        )
    assert NEUTRAL in pages["unknown"]
    assert 'name="code"' in pages["unknown"]
    for kind, page in pages.items():
        assert page == pages["importable"], kind
    assert [message.to for message in mailoutbox] == [["camille.durand@exemple.fr"]]
    assert "c***" not in pages["importable"]  # no masked address: it would tell the numéro exists


def test_a_numero_of_an_unusual_form_gets_a_hint_from_its_form_alone(client_of, django_capture_on_commit_callbacks):
    page = _page_after_number(client_of, "12345", django_capture_on_commit_callbacks)
    assert "un numéro unique compte en général 18 caractères" in page
    assert NEUTRAL in page


def test_empty_number_is_asked_again(client_of):
    response = client_of.post(reverse("demands:import_start"), {"numero_unique": "  "})
    assert "Saisissez le numéro unique de votre demande." in response.content.decode()


def test_the_code_form_says_where_the_code_went_without_showing_the_address(
    client_of, registered, django_capture_on_commit_callbacks
):
    response = _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    page = html.unescape(client_of.get(SITUATION).content.decode())
    assert NEUTRAL in page
    assert 'name="code"' in page
    assert "camille.durand" not in page
    assert "@exemple.fr" not in page.replace("camille@exemple.fr", "")


def test_full_import_then_the_demand_is_shown_in_sections(
    client_of, registered, mailoutbox, django_capture_on_commit_callbacks
):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    response = client_of.post(reverse("demands:import_confirm"), {"code": last_code(mailoutbox)})
    assert response.status_code == 302
    assert Demand.objects.get().owner.email == "camille@exemple.fr"

    html = client_of.get(SITUATION).content.decode()
    for title in [
        "Identité et coordonnées",
        "Composition du foyer",
        "Situation professionnelle",
        "Ressources",
        "Logement actuel",
        "Motifs de la demande",
        "Logement souhaité",
    ]:
        assert title in html
    assert "Durand" in html
    assert "Léa Durand — Enfant" in html
    assert "Tissages du Rhône" in html
    assert "Logement trop cher" in html
    assert "Salaires (par mois)" in html
    assert "Mettre à jour depuis le registre" in html
    assert reverse("demands:information") in html


def test_wrong_code_shows_the_attempts_left(client_of, registered, django_capture_on_commit_callbacks, mailoutbox):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    wrong = f"{(int(last_code(mailoutbox)) + 1) % 10**6:06d}"
    response = client_of.post(reverse("demands:import_confirm"), {"code": wrong})
    html = response.content.decode()
    assert "il vous reste 4 essais" in html
    assert ImportChallenge.objects.get().attempts == 1


def test_malformed_code_is_not_counted_as_an_attempt(client_of, registered, django_capture_on_commit_callbacks):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    response = client_of.post(reverse("demands:import_confirm"), {"code": "12ab"})
    assert "Le code de sécurité compte 6 chiffres" in response.content.decode()
    assert ImportChallenge.objects.get().attempts == 0


def test_expired_code_page_offers_a_new_code(client_of, registered, django_capture_on_commit_callbacks, mailoutbox):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    code = last_code(mailoutbox)
    ImportChallenge.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = client_of.post(reverse("demands:import_confirm"), {"code": code})
    html = response.content.decode()
    assert "Ce code a expiré" in html
    assert reverse("demands:import_resend") in html
    assert not Demand.objects.exists()


def test_resend_sends_a_new_code(client_of, registered, django_capture_on_commit_callbacks, mailoutbox):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    ImportChallenge.objects.update(last_sent_at=timezone.now() - dt.timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of.post(reverse("demands:import_resend"), follow=True)

    assert "un nouveau code de sécurité vient d'être envoyé" in html.unescape(response.content.decode())
    assert len(mailoutbox) == 2
    assert ImportChallenge.objects.get().sends == 2


def test_resend_too_soon_says_when_to_retry(client_of, registered, django_capture_on_commit_callbacks):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    response = client_of.post(reverse("demands:import_resend"), follow=True)
    assert "patientez encore" in response.content.decode()


def test_another_number_can_be_typed_instead(client_of, registered, django_capture_on_commit_callbacks):
    _post_number(client_of, registered.numero_unique, django_capture_on_commit_callbacks)
    response = client_of.post(reverse("demands:import_abandon"), follow=True)
    assert 'name="numero_unique"' in response.content.decode()


def test_the_code_page_says_what_to_do_when_no_e_mail_comes(client_of, django_capture_on_commit_callbacks):
    """Whoever typed a numéro that got no code (linked elsewhere, expired) reads what to do, as everyone does."""
    ended = RegisteredDemandFactory(expired=True)
    page = _page_after_number(client_of, ended.numero_unique, django_capture_on_commit_callbacks)
    assert "renouvelez-la sur demande-logement-social.gouv.fr" in page
    assert "si vous avez déjà rattaché cette demande à un autre compte Logis, connectez-vous avec lui" in page
    assert "contactez l'équipe Logis" in page


def test_import_actions_refuse_get(client_of):
    for name in ["import_start", "import_confirm", "import_resend", "import_abandon", "refresh"]:
        assert client_of.get(reverse(f"demands:{name}")).status_code == 405


def test_the_demand_is_shown_to_its_owner_only(client, registered, start_import):
    owner = UserFactory()
    _challenge, code = start_import(owner, registered.numero_unique)
    demand_import_confirm(user=owner, code=code)

    client.force_login(UserFactory())
    html = client.get(SITUATION).content.decode()
    assert "Durand" not in html
    assert 'name="numero_unique"' in html


def test_expired_imported_demand_is_flagged(client):
    demand = DemandFactory(expires_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(demand.owner)
    assert "Votre demande n'est plus valable au registre" in client.get(SITUATION).content.decode()


def test_refresh_from_the_register(client, registered, start_import):
    owner = UserFactory()
    _challenge, code = start_import(owner, registered.numero_unique)
    demand = demand_import_confirm(user=owner, code=code)
    registered.max_rent = 950
    registered.save()
    client.force_login(owner)

    response = client.post(reverse("demands:refresh"), follow=True)

    assert "Votre situation a été mise à jour depuis le registre" in response.content.decode()
    demand.refresh_from_db()
    assert demand.max_rent == 950


def test_situation_page_query_count_is_bounded(client, django_assert_max_num_queries):
    demand = DemandFactory(with_information=True)
    client.force_login(demand.owner)
    with django_assert_max_num_queries(8):
        assert client.get(SITUATION).status_code == 200


def test_a_stale_number_form_after_import_lands_on_the_linked_demand(client):
    demand = DemandFactory()
    client.force_login(demand.owner)
    response = client.post(reverse("demands:import_start"), {"numero_unique": "0691125000001G0001"}, follow=True)
    page = html.unescape(response.content.decode())
    assert "Votre compte est déjà rattaché à la demande" in page
    assert "Mettre à jour depuis le registre" in page
