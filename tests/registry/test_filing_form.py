import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from logis.registry.models import RegisteredDemand
from logis.registry.numbering import NUMERO_PATTERN, format_for_display
from tests.factories import UserFactory
from tests.registry.filing import STEP_SLUGS, fill_steps, step_url, valid_steps

pytestmark = pytest.mark.usefixtures("lyon", "villeurbanne")


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_start_page_is_public_and_lists_the_steps(client):
    response = client.get(reverse("registry:file_start"))
    page = _page(response)
    assert response.status_code == 200
    assert "Commencer ma demande" in page
    assert "Situation professionnelle" in page


def test_a_step_shows_where_the_person_is(client):
    fill_steps(client, until="famille")
    page = _page(client.get(step_url("famille")))
    assert "Étape 3 sur 8" in page
    assert 'aria-current="step">Situation familiale et ménage' in page


def test_steps_cannot_be_skipped(client):
    response = client.get(step_url("ressources"))
    assert response["Location"] == step_url("identite")


def test_unknown_step_is_not_found(client):
    assert client.get(step_url("etape-inconnue")).status_code == 404


TODAY = timezone.localdate()
FUTURE = (TODAY + dt.timedelta(days=10)).isoformat()
EXPIRED = (TODAY - dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("slug", "changes", "error", "kept"),
    [
        (
            "identite",
            {"birth_date": FUTURE, "last_name": "Dupont-Aubry"},
            "La date de naissance doit être passée",
            'value="Dupont-Aubry"',
        ),
        (
            "identite",
            {"birth_date": "1850-01-01", "first_name": "Anaïs"},
            "Vérifiez l'année de naissance",
            'value="Anaïs"',
        ),
        (
            "identite",
            {"nationality": "HUE", "residence_permit_expires_on": "", "last_name": "Diallo"},
            "Indiquez la date de fin de validité de votre titre de séjour",
            'value="Diallo"',
        ),
        (
            "coordonnees",
            {"email": "camille@", "address": "3 place Bellecour"},
            "Saisissez une adresse e-mail complète",
            'value="3 place Bellecour"',
        ),
        ("coordonnees", {"email": ""}, "Indiquez votre adresse e-mail", 'value="Lyon (69001)"'),
        ("coordonnees", {"phone": "12 34"}, "numéro de téléphone à 10 chiffres", 'value="12 34"'),
        ("coordonnees", {"postal_code": "6900"}, "Le code postal comporte 5 chiffres", 'value="6900"'),
        (
            "famille",
            {"members-0-birth_date": ""},
            "Indiquez sa date de naissance",
            'value="Léa"',
        ),
        (
            "famille",
            {"family_situation": "", "expected_births": "-1"},
            "Choisissez votre situation familiale",
            'value="-1"',
        ),
        (  # married with no spouse declared (issue #15): the spouse is to be added, what was typed stays
            "famille",
            {"family_situation": "marie"},
            "Vous êtes marié ou mariée : ajoutez votre conjoint ci-dessous",
            'value="Léa"',
        ),
        (  # in a PACS with no partner declared: the same rule as marriage
            "famille",
            {"family_situation": "pacse"},
            "Vous êtes pacsé ou pacsée : ajoutez votre partenaire ci-dessous",
            'value="Léa"',
        ),
        (
            "situation-professionnelle",
            {"contract_type": ""},
            "Choisissez votre type de contrat",
            'value="Technicienne de laboratoire"',
        ),
        (
            "situation-professionnelle",
            {"workplace_commune": "Lyyon"},
            "Aucune commune ne correspond à « Lyyon »",
            'value="Lyyon"',
        ),
        ("ressources", {"rfr_n2": "-5"}, "Le montant ne peut pas être négatif", 'value="2100"'),
        ("ressources", {"rfr_n2": ""}, "Indiquez le revenu fiscal de référence", 'value="2100"'),
        ("ressources", {"resource_SAL": "deux mille"}, "Saisissez un montant en euros", 'value="deux mille"'),
        (
            "logement-actuel",
            {"current_occupants": "0"},
            "le nombre de personnes est au moins 1",
            'value="750"',
        ),
        ("motifs", {"reasons": []}, "Cochez au moins un motif", "Étape 7 sur 8"),
        (
            "logement-recherche",
            {"wished_commune_1": "", "wished_commune_2": ""},
            "Indiquez au moins une commune",
            'value="800"',
        ),
        (
            "logement-recherche",
            {"wished_typologies": []},
            "Cochez au moins un type de logement",
            'value="Villeurbanne (69100)"',
        ),
        (
            "logement-recherche",
            {"accessibility_needed": "on", "accessibility_details": ""},
            "Décrivez les adaptations nécessaires",
            'value="Lyon"',
        ),
    ],
)
def test_an_invalid_step_says_what_to_do_and_keeps_what_was_typed(client, slug, changes, error, kept):
    fill_steps(client, until=slug)
    data = {**valid_steps()[slug], **changes}
    response = client.post(step_url(slug), data)
    page = _page(response)
    assert response.status_code == 200
    assert error in page
    assert kept in page
    assert 'aria-invalid="true"' in page or "alert-danger" in page
    assert "informations sont à corriger" in page or "Une information est à corriger" in page


def test_an_expired_residence_permit_is_refused(client):
    response = client.post(
        step_url("identite"),
        {**valid_steps()["identite"], "nationality": "HUE", "residence_permit_expires_on": EXPIRED},
    )
    page = _page(response)
    assert response.status_code == 200
    assert "Votre titre de séjour a expiré le" in page
    assert client.session.get("registry_filing") is None


def test_a_valid_residence_permit_is_kept_for_a_non_eu_applicant(client):
    client.post(
        step_url("identite"),
        {**valid_steps()["identite"], "nationality": "HUE", "residence_permit_expires_on": FUTURE},
    )
    assert client.session["registry_filing"]["steps"]["identite"]["residence_permit_expires_on"] == FUTURE


def test_a_residence_permit_date_is_dropped_for_a_french_applicant(client):
    client.post(step_url("identite"), {**valid_steps()["identite"], "residence_permit_expires_on": FUTURE})
    assert client.session["registry_filing"]["steps"]["identite"]["residence_permit_expires_on"] is None


def test_an_invalid_siret_is_explained(client):
    fill_steps(client, until="situation-professionnelle")
    data = {**valid_steps()["situation-professionnelle"], "employer_siret": "732 829 320 00075"}
    page = _page(client.post(step_url("situation-professionnelle"), data))
    assert "Ce numéro SIRET n'existe pas : un chiffre est probablement erroné" in page
    page = _page(client.post(step_url("situation-professionnelle"), {**data, "employer_siret": "1234"}))
    assert "Un numéro SIRET comporte 14 chiffres" in page


def test_a_siret_typed_with_spaces_is_stored_compact(client):
    fill_steps(client, until="situation-professionnelle")
    siret = valid_steps()["situation-professionnelle"]["employer_siret"]
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    client.post(
        step_url("situation-professionnelle"), {**valid_steps()["situation-professionnelle"], "employer_siret": spaced}
    )
    assert client.session["registry_filing"]["steps"]["situation-professionnelle"]["employer_siret"] == siret


def test_going_back_shows_what_was_typed(client):
    fill_steps(client, until="ressources")
    identity = _page(client.get(step_url("identite")))
    assert 'value="Martin"' in identity
    assert 'value="1990-05-17"' in identity
    contact = _page(client.get(step_url("coordonnees")))
    assert 'value="Lyon (69001)"' in contact
    family = _page(client.get(step_url("famille")))
    assert 'value="Léa"' in family
    assert 'value="2015-03-02"' in family
    work = _page(client.get(step_url("situation-professionnelle")))
    assert 'value="Villeurbanne (69100)"' in work


def test_the_previous_button_saves_the_step_and_goes_back(client):
    fill_steps(client, until="coordonnees")
    data = {**valid_steps()["coordonnees"], "previous": ""}
    response = client.post(step_url("coordonnees"), data)
    assert response["Location"] == step_url("identite")
    assert 'value="camille.martin@exemple.fr"' in _page(client.get(step_url("coordonnees")))


def test_the_previous_button_does_not_block_on_an_incomplete_step(client):
    fill_steps(client, until="coordonnees")
    response = client.post(step_url("coordonnees"), {"email": "", "previous": ""}, follow=True)
    assert response.redirect_chain[-1][0] == step_url("identite")
    assert "elles n'ont pas été enregistrées" in _page(response)


def test_a_household_member_can_be_added_then_removed(client):
    fill_steps(client, until="famille")
    response = client.post(step_url("famille"), {**valid_steps()["famille"], "add_member": ""})
    assert response["Location"] == step_url("famille") + "#membres"
    page = _page(client.get(step_url("famille")))
    assert "Personne 1" in page
    assert "Personne 2" in page
    assert "laissez vide si personne d'autre ne vivra avec vous" in page
    data = {
        **valid_steps()["famille"],
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "1",
        "members-1-first_name": "Noah",
        "members-1-last_name": "Martin",
        "members-1-birth_date": "2018-09-12",
        "members-1-relation": "enfant",
    }
    client.post(step_url("famille"), data)
    members = client.session["registry_filing"]["steps"]["famille"]["members"]
    assert [m["first_name"] for m in members] == ["Léa", "Noah"]
    client.post(step_url("famille"), {**data, "members-0-DELETE": "on"})
    members = client.session["registry_filing"]["steps"]["famille"]["members"]
    assert [m["first_name"] for m in members] == ["Noah"]


@pytest.mark.parametrize("situation", ["marie", "pacse"])
def test_married_or_in_a_pacs_with_the_partner_declared_goes_on(client, situation):
    fill_steps(client, until="famille")
    data = {
        **valid_steps()["famille"],
        "family_situation": situation,
        "members-0-first_name": "Sam",
        "members-0-relation": "conjoint",
        "members-0-is_dependent": "",
    }
    response = client.post(step_url("famille"), data)
    assert response.status_code == 302
    assert client.session["registry_filing"]["steps"]["famille"]["family_situation"] == situation


def test_two_spouses_are_refused(client):
    fill_steps(client, until="famille")
    data = {
        **valid_steps()["famille"],
        "members-TOTAL_FORMS": "2",
        "members-0-relation": "conjoint",
        "members-1-first_name": "Sam",
        "members-1-last_name": "Durand",
        "members-1-birth_date": "1988-01-01",
        "members-1-relation": "conjoint",
    }
    page = _page(client.post(step_url("famille"), data))
    assert "Vous avez déclaré plusieurs conjoints" in page
    assert 'value="Sam"' in page


def test_the_summary_shows_everything_typed(client):
    fill_steps(client)
    response = client.get(reverse("registry:file_summary"))
    page = _page(response)
    assert "Vérifiez votre demande" in page
    for text in [
        "Camille",
        "17 mai 1990",
        "Lyon (69001)",
        "Léa Martin, date de naissance : 2 mars 2015, enfant, à charge",
        "Villeurbanne (69100)",
        "Logement trop cher",
        "T2 (2 pièces), T3 (3 pièces)",
        "Salaires",
        f"Revenu fiscal de référence {TODAY.year - 2}",
        "Confirmer et déposer ma demande",
    ]:
        assert text in page, text
    assert page.count("Modifier") >= 8


def test_after_modifying_a_step_the_person_comes_back_to_the_summary(client):
    fill_steps(client)
    response = client.post(step_url("coordonnees"), {**valid_steps()["coordonnees"], "phone": ""})
    assert response["Location"] == reverse("registry:file_summary")


def test_the_summary_needs_the_certification(client):
    fill_steps(client)
    response = client.post(reverse("registry:file_summary"), {})
    assert response.status_code == 200
    assert "Cochez la case pour certifier" in _page(response)
    assert not RegisteredDemand.objects.exists()


def test_the_summary_without_a_filing_in_progress_leads_to_the_start(client):
    response = client.get(reverse("registry:file_summary"))
    assert response["Location"] == reverse("registry:file_start")


def test_filing_registers_the_demand_and_emails_the_attestation_after_commit(
    client, django_capture_on_commit_callbacks
):
    fill_steps(client)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("registry:file_summary"), {"certify": "on"})
        assert len(mail.outbox) == 0, "the attestation leaves only once the demand is committed"
    assert len(callbacks) == 1
    assert response["Location"] == reverse("registry:file_done")

    demand = RegisteredDemand.objects.get()
    today = timezone.localdate()
    assert NUMERO_PATTERN.match(demand.numero_unique)
    assert demand.numero_unique.startswith(f"069{today:%m%y}")
    assert demand.numero_unique.endswith("G0001")
    assert demand.expires_on == today.replace(year=today.year + 1) or (today.month, today.day) == (2, 29)
    assert demand.last_name == "Martin"
    assert demand.commune_id == "69123"
    assert demand.workplace_commune_id == "69266"
    assert demand.rfr_n2 == 24000
    assert demand.rfr_n1 is None
    assert demand.monthly_resources == [{"code": "SAL", "amount": 2100}]
    assert demand.reasons == ["trop_cher", "rapprochement_travail"]
    assert demand.wished_communes == ["69123", "69266"]
    assert demand.wished_typologies == ["T2", "T3"]
    assert [(m.first_name, m.relation, m.is_dependent) for m in demand.members.all()] == [("Léa", "enfant", True)]

    (message,) = mail.outbox
    assert message.to == ["camille.martin@exemple.fr"]
    assert format_for_display(demand.numero_unique) in message.subject
    assert format_for_display(demand.numero_unique) in message.body
    assert "http://testserver/compte/" in message.body
    assert "Ma situation" in message.body

    done = _page(client.get(response["Location"]))
    assert format_for_display(demand.numero_unique) in done
    assert "Créez votre compte sur Logis" in done
    assert "« Ma situation »" in done
    assert "c•••" in done
    assert client.session.get("registry_filing") is None


def test_a_double_submission_files_once(client, django_capture_on_commit_callbacks):
    fill_steps(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("registry:file_summary"), {"certify": "on"})
        second = client.post(reverse("registry:file_summary"), {"certify": "on"}, follow=True)
    assert first["Location"] == reverse("registry:file_done")
    assert second.redirect_chain == [(reverse("registry:file_start"), 302)]
    assert "Votre demande a déjà été déposée" in _page(second)
    assert RegisteredDemand.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_confirmation_page_without_a_filing_leads_to_the_start(client):
    response = client.get(reverse("registry:file_done"))
    assert response["Location"] == reverse("registry:file_start")


def test_a_signed_in_person_finds_their_email_prefilled(client):
    user = UserFactory(email="deja.inscrite@exemple.fr")
    client.force_login(user)
    fill_steps(client, until="coordonnees")
    assert 'value="deja.inscrite@exemple.fr"' in _page(client.get(step_url("coordonnees")))


def test_restarting_clears_the_filing_in_progress(client):
    fill_steps(client, until="famille")
    assert "Reprendre ma demande" in _page(client.get(reverse("registry:file_start")))
    response = client.post(reverse("registry:file_start"), {"restart": ""})
    assert response["Location"] == step_url("identite")
    assert client.session.get("registry_filing") is None


def test_every_step_page_renders(client):
    fill_steps(client)
    for slug in STEP_SLUGS:
        response = client.get(step_url(slug))
        assert response.status_code == 200, slug
        assert "novalidate" in response.content.decode()


def test_a_stale_session_cannot_file_the_same_demand_again(client, django_capture_on_commit_callbacks):
    """A request that loaded the session before the filing cleared it carries the same filing key."""
    fill_steps(client)
    stale = client.session["registry_filing"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:file_summary"), {"certify": "on"})
    session = client.session
    session["registry_filing"] = stale
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:file_summary"), {"certify": "on"})
    assert response["Location"] == reverse("registry:file_done")
    assert RegisteredDemand.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_file_one_demand(client):
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks whole tables between threads")
    fill_steps(client)
    cookie = client.cookies["sessionid"].value
    barrier = threading.Barrier(2)
    responses = []

    def confirm():
        other = Client()
        other.cookies["sessionid"] = cookie
        barrier.wait()
        try:
            responses.append(other.post(reverse("registry:file_summary"), {"certify": "on"}))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert RegisteredDemand.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("24000", 24000), ("24 000", 24000), ("24\u202f000 €", 24000), ("24.000", 24000), ("1850,50", 1851), ("0", 0)],
)
def test_amounts_are_read_as_people_write_them(typed, amount):
    from logis.registry.forms import EuroField

    assert EuroField().clean(typed) == amount


@pytest.mark.parametrize("typed", ["1e9", "12,345", "deux mille", "--5", "1850,505"])
def test_amounts_that_cannot_be_read_ask_for_figures(typed):
    from django.core.exceptions import ValidationError

    from logis.registry.forms import EuroField

    with pytest.raises(ValidationError, match="Saisissez un montant en euros"):
        EuroField().clean(typed)


def test_a_permit_that_expired_before_the_confirmation_stops_the_filing(client):
    fill_steps(client, changes={"identite": {"nationality": "HUE", "residence_permit_expires_on": FUTURE}})
    session = client.session
    session["registry_filing"]["steps"]["identite"]["residence_permit_expires_on"] = EXPIRED
    session.save()
    response = client.post(reverse("registry:file_summary"), {"certify": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == step_url("identite")
    assert "Un titre de séjour en cours de validité est nécessaire" in _page(response)
    assert not RegisteredDemand.objects.exists()


def test_the_pages_of_the_form_use_few_queries(client, django_assert_max_num_queries):
    fill_steps(client)
    with django_assert_max_num_queries(5):
        client.get(step_url("logement-recherche"))
    with django_assert_max_num_queries(8):
        client.get(reverse("registry:file_summary"))
