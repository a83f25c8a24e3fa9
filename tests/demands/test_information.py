""" "Les informations": employer, SIRET, matricule, entry date, inform the employer."""

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from logis.demands.forms import InformationForm
from logis.demands.services import demand_update_information
from tests.factories import DemandFactory, OrganizationFactory, UserFactory, valid_siret

pytestmark = pytest.mark.django_db

INFORMATION = reverse("demands:information")
GOOD_SIRET = valid_siret(4_300_000_007)


@pytest.fixture
def demand():
    return DemandFactory(snapshot={"employer_name": "Tissages du Rhône", "employer_siret": GOOD_SIRET})


@pytest.fixture
def owner_client(client, demand):
    client.force_login(demand.owner)
    return client


def _data(**overrides):
    data = {
        "employer_name": "Tissages du Rhône",
        "employer_siret": GOOD_SIRET,
        "matricule": "M-778",
        "employment_start": "2021-09-01",
        "inform_employer": "oui",
    }
    data.update(overrides)
    return data


def test_without_an_imported_demand_the_page_sends_to_ma_situation(client):
    client.force_login(UserFactory())
    response = client.get(INFORMATION, follow=True)
    assert response.redirect_chain[-1][0] == reverse("demands:situation")
    assert "Importez d'abord votre demande" in html.unescape(response.content.decode())


def test_form_is_prefilled_from_the_register(owner_client):
    page = owner_client.get(INFORMATION).content.decode()
    assert 'value="Tissages du Rhône"' in page
    assert f'value="{GOOD_SIRET}"' in page


def test_known_siret_links_the_demand_to_the_employer(owner_client, demand):
    employer = OrganizationFactory(name="Tissages du Rhône SA", siret=GOOD_SIRET)

    response = owner_client.post(INFORMATION, _data(), follow=True)

    assert "Entreprise reconnue : Tissages du Rhône SA" in response.content.decode()
    demand.refresh_from_db()
    assert demand.employer == employer
    assert demand.information_complete
    assert demand.matricule == "M-778"
    assert demand.employment_start == dt.date(2021, 9, 1)
    assert demand.inform_employer is True


def test_landlord_with_the_same_siret_is_not_taken_for_the_employer(owner_client, demand):
    OrganizationFactory(landlord=True, siret=GOOD_SIRET)
    owner_client.post(INFORMATION, _data())
    demand.refresh_from_db()
    assert demand.employer is None


def test_unknown_company_is_saved_and_said_not_yet_on_logis(owner_client, demand):
    response = owner_client.post(INFORMATION, _data(inform_employer="non"), follow=True)
    assert "pas encore inscrite sur Logis" in response.content.decode()
    demand.refresh_from_db()
    assert demand.information_complete
    assert demand.employer is None
    assert demand.inform_employer is False


def test_siret_with_spaces_is_accepted(owner_client, demand):
    spaced = f"{GOOD_SIRET[:3]} {GOOD_SIRET[3:6]} {GOOD_SIRET[6:9]} {GOOD_SIRET[9:]}"
    owner_client.post(INFORMATION, _data(employer_siret=spaced))
    demand.refresh_from_db()
    assert demand.employer_siret == GOOD_SIRET


@pytest.mark.parametrize("siret", ["1234567890123", "123456789012345", "ABCDEFGHIJKLMN"])
def test_siret_of_the_wrong_length_is_refused(owner_client, demand, siret):
    response = owner_client.post(INFORMATION, _data(employer_siret=siret))
    assert "Le SIRET doit comporter 14 chiffres" in response.content.decode()
    demand.refresh_from_db()
    assert not demand.information_complete


def test_siret_with_a_wrong_luhn_key_is_refused(owner_client, demand):
    wrong = GOOD_SIRET[:-1] + str((int(GOOD_SIRET[-1]) + 1) % 10)
    response = owner_client.post(INFORMATION, _data(employer_siret=wrong))
    assert "Ce numéro SIRET n'est pas valide" in html.unescape(response.content.decode())
    demand.refresh_from_db()
    assert not demand.information_complete


def test_entry_date_in_the_future_is_refused(owner_client, demand):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = owner_client.post(INFORMATION, _data(employment_start=tomorrow.isoformat()))
    assert "ne peut pas être dans le futur" in response.content.decode()
    demand.refresh_from_db()
    assert not demand.information_complete


def test_entry_date_today_is_accepted():
    form = InformationForm(_data(employment_start=timezone.localdate().isoformat()))
    assert form.is_valid(), form.errors


def test_french_date_format_is_accepted():
    form = InformationForm(_data(employment_start="01/09/2021"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employment_start"] == dt.date(2021, 9, 1)


def test_inform_employer_choice_is_required(owner_client):
    data = _data()
    del data["inform_employer"]
    response = owner_client.post(INFORMATION, data)
    assert "Indiquez si vous souhaitez informer votre employeur" in response.content.decode()


def test_form_keeps_what_was_typed_on_error(owner_client):
    response = owner_client.post(
        INFORMATION, _data(employer_name="Boulangerie Martin", matricule="B-12", employer_siret="123")
    )
    page = response.content.decode()
    assert 'value="Boulangerie Martin"' in page
    assert 'value="B-12"' in page
    assert 'value="123"' in page
    assert 'value="2021-09-01"' in page
    assert re.search(r'<input type="radio" name="inform_employer" value="oui"[^>]*checked', page)
    assert 'aria-invalid="true"' in page


def test_saved_information_is_shown_again(owner_client):
    owner_client.post(INFORMATION, _data(matricule="Z-9"))
    page = owner_client.get(INFORMATION).content.decode()
    assert 'value="Z-9"' in page
    assert "pas encore inscrite sur Logis" in page


def test_service_checks_the_siret_and_the_date_itself(demand):
    with pytest.raises(ValidationError, match="Ce numéro SIRET n'est pas valide"):
        demand_update_information(
            demand=demand,
            by=demand.owner,
            employer_name="X",
            employer_siret="12345678901234",
            matricule="",
            employment_start=dt.date(2020, 1, 1),
            inform_employer=True,
        )
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        demand_update_information(
            demand=demand,
            by=demand.owner,
            employer_name="X",
            employer_siret=GOOD_SIRET,
            matricule="",
            employment_start=timezone.localdate() + dt.timedelta(days=3),
            inform_employer=True,
        )


def test_only_the_owner_may_fill_in_the_information(demand):
    with pytest.raises(PermissionError, match="Only the owner of the demand"):
        demand_update_information(
            demand=demand,
            by=UserFactory(),
            employer_name="X",
            employer_siret=GOOD_SIRET,
            matricule="",
            employment_start=dt.date(2020, 1, 1),
            inform_employer=True,
        )


def test_saving_the_information_drops_the_stored_scores_once_and_hands_one_task_over(
    owner_client, demand, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The demand's save and its employer's first request both touch the scores the demand's ranking rows hold:
    dropped once in the transaction, recomputed by one task after the commit (issue #13)."""
    from logis.applications.models import Application
    from logis.core import tasks
    from logis.employers.models import Agreement
    from logis.scoring.models import RankingScore
    from logis.scoring.services import ranking_ensure_current
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(demand=demand)
    Agreement.objects.filter(demand=demand).delete()  # the first save: the employer's request is created
    ranking_ensure_current(application.offer)
    assert RankingScore.objects.filter(demand=demand).exists()
    handed = []
    monkeypatch.setattr(tasks, "send", handed.append)
    # 13: the request's savepoint, the signed-in person (the cache is cold in a test), the demand, the service's
    # savepoint, the employer by its SIRET, the demand's update, the scores dropped, the request's savepoint, its
    # read and its insert.
    with django_assert_max_num_queries(13) as captured, django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(INFORMATION, _data(inform_employer="non"))
    assert response.status_code == 302
    statements = [query["sql"] for query in captured.captured_queries]
    assert sum(sql.startswith('DELETE FROM "scoring_rankingscore"') for sql in statements) == 1
    assert not any(sql.startswith('SELECT "geo_commune"') for sql in statements)  # the page is not shown
    assert [[(task.name, kwargs) for task, _args, kwargs in jobs] for jobs in handed] == [
        [("scoring.refresh_ranking_scores", {"demands": [demand.pk]})]
    ]
    assert any(sql.startswith('INSERT INTO "employers_agreement"') for sql in statements)
    assert Application.objects.get().state == "submitted"
    assert Agreement.objects.get(demand=demand).handler == "advisor"
