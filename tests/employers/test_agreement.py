"""The agreement: asked when "Les informations" are saved, given or refused by the employer's HR or an advisor."""

import html

import pytest
from django.urls import reverse

from logis.applications.workflow import State
from logis.employers import services
from logis.employers.models import Agreement
from logis.employers.selectors import agreement_status, employee_staff_category
from tests.employers.helpers import save_information
from tests.factories import ApplicationFactory, DemandFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_informing_a_recognised_employer_sends_the_request_to_its_hr(
    employee_demand, hr, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        save_information(employee_demand, inform=True)

    agreement = Agreement.objects.get(demand=employee_demand)
    assert agreement.handler == Agreement.Handler.EMPLOYER
    assert agreement.employer == employee_demand.employer
    assert agreement_status(employee_demand) == "pending"
    assert [message.to for message in mailoutbox] == [[hr.email]]
    assert "Sophie Lambert" in mailoutbox[0].body
    assert reverse("employers:agreement", args=[agreement.pk]) in mailoutbox[0].body


def test_hr_sees_the_request_with_name_matricule_and_entry_date(employee_demand, hr_client):
    save_information(employee_demand, inform=True)
    agreement = employee_demand.agreement

    page = text(hr_client.get(reverse("employers:agreement", args=[agreement.pk])))

    assert "Sophie Lambert" in page
    assert "LRE-0042" in page
    assert "6 janvier 2020" in page
    assert "Donner l'accord" in page


def test_hr_gives_the_agreement_and_the_applicant_is_told(
    employee_demand, hr_client, django_capture_on_commit_callbacks, mailoutbox
):
    save_information(employee_demand, inform=True)
    agreement = employee_demand.agreement

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            reverse("employers:agreement", args=[agreement.pk]), {"decision": "donner", "reason": ""}, follow=True
        )

    assert "Votre réponse est enregistrée" in text(response)
    assert agreement_status(employee_demand) == "given"
    agreement.refresh_from_db()
    assert agreement.decided_by.email == "rh@lre.example"
    assert mailoutbox[-1].to == ["sophie@exemple.fr"]
    assert "accord" in mailoutbox[-1].subject.lower()
    assert "Logistique Rhône Express" in mailoutbox[-1].body


def test_hr_refuses_with_a_reason_that_the_applicant_reads(
    employee_demand, hr_client, django_capture_on_commit_callbacks, mailoutbox
):
    save_information(employee_demand, inform=True)
    agreement = employee_demand.agreement
    url = reverse("employers:agreement", args=[agreement.pk])

    without_reason = hr_client.post(url, {"decision": "refuser", "reason": "  "})
    assert "Indiquez le motif du refus" in text(without_reason)
    assert agreement_status(employee_demand) == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(url, {"decision": "refuser", "reason": "Contrat terminé le 31 mars."})

    assert agreement_status(employee_demand) == "refused"
    assert "refusé" in mailoutbox[-1].subject
    assert "Contrat terminé le 31 mars." in mailoutbox[-1].body


def test_a_decision_is_given_once(employee_demand, hr):
    save_information(employee_demand, inform=True)
    agreement = employee_demand.agreement
    services.agreement_decide(agreement=agreement, given=True, reason="", by=hr)
    with pytest.raises(services.EmployerError) as error:
        services.agreement_decide(agreement=agreement, given=False, reason="Finalement non", by=hr)
    assert error.value.code == "already_decided"


def test_not_informing_the_employer_sends_the_request_to_an_advisor(
    employee_demand, hr_client, advisor, client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        save_information(employee_demand, inform=False)

    agreement = Agreement.objects.get(demand=employee_demand)
    assert agreement.handler == Agreement.Handler.ADVISOR
    assert agreement.employer is None
    assert mailoutbox == []  # the employer's HR is not told

    # The employer never learns about it: not in its list, not counted, its page is a 404.
    assert "Sophie Lambert" not in text(hr_client.get(reverse("employers:agreements")))
    dashboard = hr_client.get(reverse("employers:dashboard"))
    assert dashboard.context["figures"]["pending"] == 0
    assert "Sophie Lambert" not in text(dashboard)
    assert hr_client.get(reverse("employers:agreement", args=[agreement.pk])).status_code == 404

    hr_client.logout()
    client.force_login(advisor)
    queue = text(client.get(reverse("advisors:queue")))
    assert "Sophie Lambert" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("advisors:agreement", args=[agreement.pk]),
            {"decision": "donner", "reason": "Attestation d'employeur vérifiée."},
        )
    assert agreement_status(employee_demand) == "given"
    assert mailoutbox[-1].to == ["sophie@exemple.fr"]
    assert "conseiller" in mailoutbox[-1].body
    assert "Logistique Rhône Express" not in mailoutbox[-1].body


def test_an_employer_not_on_logis_leaves_the_agreement_to_an_advisor(advisor):
    demand = DemandFactory(with_information=True, inform_employer=True)
    save_information(demand, inform=True)
    assert demand.agreement.handler == Agreement.Handler.ADVISOR


def test_advisor_refuses_with_a_reason(employee_demand, advisor):
    save_information(employee_demand, inform=False)
    with pytest.raises(services.EmployerError, match="Indiquez le motif du refus"):
        services.agreement_decide(agreement=employee_demand.agreement, given=False, reason="", by=advisor)
    services.agreement_decide(
        agreement=employee_demand.agreement, given=False, reason="Aucun justificatif d'emploi.", by=advisor
    )
    assert agreement_status(employee_demand) == "refused"


def test_hr_cannot_answer_an_advisor_request_and_an_advisor_cannot_answer_an_employer_request(
    employee_demand, hr, advisor
):
    save_information(employee_demand, inform=False)
    with pytest.raises(PermissionError, match="does not handle this request"):
        services.agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=hr)
    save_information(employee_demand, inform=True)
    employee_demand.agreement.refresh_from_db()
    with pytest.raises(PermissionError, match="does not handle this request"):
        services.agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=advisor)


def test_saving_the_same_information_again_keeps_the_answer(employee_demand, hr):
    save_information(employee_demand, inform=True)
    services.agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=hr)
    save_information(employee_demand, inform=True, matricule="LRE-0043")
    assert agreement_status(employee_demand) == "given"


def test_changing_ones_mind_about_informing_restarts_the_request_and_hides_it_from_the_employer(
    employee_demand, hr, hr_client
):
    save_information(employee_demand, inform=True)
    services.agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=hr)

    save_information(employee_demand, inform=False)

    agreement = Agreement.objects.get(demand=employee_demand)
    assert (agreement.handler, agreement.status, agreement.employer) == ("advisor", "pending", None)
    assert hr_client.get(reverse("employers:agreement", args=[agreement.pk])).status_code == 404


def test_another_companys_hr_gets_404_on_the_request(employee_demand, other_hr, client):
    save_information(employee_demand, inform=True)
    client.force_login(other_hr)
    url = reverse("employers:agreement", args=[employee_demand.agreement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "donner"}).status_code == 404
    assert agreement_status(employee_demand) == "pending"
    assert "Sophie Lambert" not in text(client.get(reverse("employers:agreements")))


@pytest.mark.parametrize(
    "name", ["employers:dashboard", "employers:agreements", "employers:priorities", "employers:team"]
)
def test_people_without_an_hr_role_get_404_in_the_employers_space(name, client, employee, advisor):
    for user in (employee, advisor):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 404


def test_only_advisors_reach_the_advisor_queue(client, hr, employee_demand):
    save_information(employee_demand, inform=False)
    client.force_login(hr)
    assert client.get(reverse("advisors:queue")).status_code == 404
    assert client.get(reverse("advisors:agreement", args=[employee_demand.agreement.pk])).status_code == 404


def test_application_step_shows_only_with_the_employees_consent(employee_demand, hr_client, client):
    save_information(employee_demand, inform=True)
    ApplicationFactory(demand=employee_demand)
    agreements_url = reverse("employers:agreements")

    page = text(hr_client.get(agreements_url))
    assert "Non partagée par le salarié" in page
    assert "Candidature envoyée au bailleur" not in page
    assert hr_client.get(reverse("employers:dashboard")).context["figures"]["in_progress"] == 0

    employee_client = client.__class__()
    employee_client.force_login(employee_demand.owner)
    employee_client.post(reverse("employers:share_consent"), {"share_application_status": "on"})

    page = text(hr_client.get(agreements_url))
    assert "Candidature envoyée au bailleur" in page
    assert hr_client.get(reverse("employers:dashboard")).context["figures"]["in_progress"] == 1

    employee_client.post(reverse("employers:share_consent"), {})
    assert "Candidature envoyée au bailleur" not in text(hr_client.get(agreements_url))


def test_the_applicant_dashboard_panel_says_where_the_agreement_stands(employee_demand, client, hr):
    client.force_login(employee_demand.owner)
    assert "Compléter « Les informations »" in text(client.get(reverse("home:dashboard")))

    save_information(employee_demand, inform=True)
    page = text(client.get(reverse("home:dashboard")))
    assert "En attente de réponse" in page
    assert "service RH de Logistique Rhône Express" in page
    assert "Mon employeur peut voir l'étape de ma candidature" in page

    services.agreement_decide(agreement=employee_demand.agreement, given=False, reason="Période d'essai.", by=hr)
    page = text(client.get(reverse("home:dashboard")))
    assert "Accord refusé" in page
    assert "Période d'essai." in page


def test_the_panel_of_the_advisor_path_says_the_employer_is_not_informed(employee_demand, client):
    save_information(employee_demand, inform=False)
    client.force_login(employee_demand.owner)
    page = text(client.get(reverse("home:dashboard")))
    assert "votre employeur n'en est pas informé" in page
    assert "Mon employeur peut voir" not in page


def test_the_dashboard_counts_pending_requests_and_housed_employees(employee_demand, hr, hr_client):
    save_information(employee_demand, inform=True)
    response = hr_client.get(reverse("employers:dashboard"))
    assert response.context["figures"] == {"pending": 1, "housed_this_year": 0, "in_progress": 0}
    assert "Sophie Lambert" in text(response)


def test_the_list_of_requests_does_not_query_per_employee(hr, hr_client, employer, django_assert_max_num_queries):
    for index in range(6):
        demand = DemandFactory(
            with_information=True, employer=employer, employer_siret=employer.siret, inform_employer=True
        )
        save_information(demand, inform=True, matricule=f"M-{index}")
        ApplicationFactory(demand=demand)
        services.agreement_share_consent(demand=demand, share=index % 2 == 0, by=demand.owner)
    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("employers:agreements"))
    assert text(response).count("Candidature envoyée au bailleur") == 3


@pytest.mark.skipif("lease_signed" not in {s.value for s in State}, reason="no housed state yet")
def test_employees_housed_this_year_are_counted_when_they_consented(employee_demand, hr_client):
    save_information(employee_demand, inform=True)
    ApplicationFactory(demand=employee_demand, lease_signed=True)
    assert hr_client.get(reverse("employers:dashboard")).context["figures"]["housed_this_year"] == 0
    services.agreement_share_consent(demand=employee_demand, share=True, by=employee_demand.owner)
    assert hr_client.get(reverse("employers:dashboard")).context["figures"]["housed_this_year"] == 1


def test_after_a_refusal_saving_the_information_again_asks_again(employee_demand, hr):
    save_information(employee_demand, inform=True)
    services.agreement_decide(agreement=employee_demand.agreement, given=False, reason="Matricule inconnu.", by=hr)

    save_information(employee_demand, inform=True, matricule="LRE-0044")

    agreement = Agreement.objects.get(demand=employee_demand)
    assert (agreement.status, agreement.reason, agreement.decided_by) == ("pending", "", None)


def test_hr_records_the_employees_staff_category_with_the_agreement(employee_demand, hr_client):
    save_information(employee_demand, inform=True)
    url = reverse("employers:agreement", args=[employee_demand.agreement.pk])

    hr_client.post(url, {"decision": "donner", "reason": "", "staff_category": "ouvrier"})

    assert employee_staff_category(employee_demand) == "ouvrier"
    assert "Catégorie de personnel" in text(hr_client.get(url))


def test_an_advisor_records_no_staff_category(employee_demand, advisor):
    save_information(employee_demand, inform=False)
    services.agreement_decide(
        agreement=employee_demand.agreement, given=True, reason="", staff_category="cadre", by=advisor
    )
    assert employee_staff_category(employee_demand) == ""


def test_the_advisor_queue_and_the_dashboard_do_not_query_per_request(
    employer, hr_client, advisor, client, django_assert_max_num_queries
):
    for index in range(6):
        demand = DemandFactory(
            with_information=True, employer=employer, employer_siret=employer.siret, inform_employer=True
        )
        save_information(demand, inform=index % 2 == 0, matricule=f"M-{index}")
    with django_assert_max_num_queries(14):
        assert hr_client.get(reverse("employers:dashboard")).status_code == 200
    client.force_login(advisor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("advisors:queue"))
    assert len(response.context["page"].object_list) == 3
