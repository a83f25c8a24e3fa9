"""Aid requests: draft until the pieces are there, one in progress per aid (the database says so), the advisor's
decision with a reason, the applicant told and able to follow a dated history; the employer's agreement for the
Prêt Agrandissement; nobody else sees a request."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logis.aids.models import AidRequest, AidStatusChange
from logis.aids.services import (
    AidRequestError,
    aid_request_decide,
    aid_request_start,
    aid_request_submit,
    aid_request_withdraw,
)
from logis.audit.models import SensitiveRead
from logis.documents.models import Piece, PieceVersion
from logis.employers.models import Agreement
from tests.aids.conftest import upload
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_with_a_missing_piece_stays_a_draft_and_nothing_is_lost(applicant, demand):
    request = aid_request_start(
        applicant=applicant,
        demand=demand,
        aid="avance_loca_pass",
        amount="900",
        details={"move_in_date": "2026-11-15"},
    )
    with pytest.raises(AidRequestError, match="gardée en brouillon : il manque") as caught:
        aid_request_submit(request=request, by=applicant)
    assert "Bail ou engagement de location" in caught.value.missing
    request.refresh_from_db()
    assert request.status == AidRequest.Status.DRAFT
    assert str(request.amount) == "900.00"
    assert request.details["move_in_date"] == "2026-11-15"


def test_one_request_per_aid_in_progress_is_enforced_by_the_database(applicant, demand):
    first = aid_request_start(applicant=applicant, demand=demand, aid="avance_loca_pass")
    assert aid_request_start(applicant=applicant, demand=demand, aid="avance_loca_pass") == first
    with pytest.raises(IntegrityError), transaction.atomic():
        AidRequest.objects.create(
            applicant=applicant, demand=demand, aid="avance_loca_pass", created_at=timezone.now()
        )
    aid_request_withdraw(request=first, by=applicant)
    again = aid_request_start(applicant=applicant, demand=demand, aid="avance_loca_pass")
    assert again != first


def test_the_advisor_grants_and_the_applicant_is_told_with_a_dated_history(
    applicant, loca_pass_pieces, advisor, django_capture_on_commit_callbacks
):
    request = aid_request_start(applicant=applicant, demand=loca_pass_pieces, aid="avance_loca_pass", amount=900)
    with django_capture_on_commit_callbacks(execute=True):
        aid_request_submit(request=request, by=applicant)
    assert request.__class__.objects.get(pk=request.pk).status == AidRequest.Status.SUBMITTED
    assert request.pieces.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        aid_request_decide(request=request, granted=True, reason="Versement sous 10 jours.", by=advisor)
    request.refresh_from_db()
    assert request.status == AidRequest.Status.GRANTED
    assert [e.status for e in request.events.all()] == ["draft", "submitted", "granted"]
    assert mail.outbox[-1].to == ["ines@exemple.fr"]
    assert "accordée" in mail.outbox[-1].subject
    assert "Versement sous 10 jours." in mail.outbox[-1].body


def test_a_refusal_needs_a_reason_and_only_an_advisor_decides(applicant, loca_pass_pieces, advisor):
    request = aid_request_start(applicant=applicant, demand=loca_pass_pieces, aid="avance_loca_pass")
    aid_request_submit(request=request, by=applicant)
    with pytest.raises(AidRequestError, match="motif du refus"):
        aid_request_decide(request=request, granted=False, reason="  ", by=advisor)
    with pytest.raises(PermissionError):
        aid_request_decide(request=request, granted=True, reason="", by=applicant)
    aid_request_decide(request=request, granted=False, reason="Bail signé il y a plus de 2 mois.", by=advisor)
    with pytest.raises(AidRequestError, match="déjà reçu une réponse"):
        aid_request_decide(request=request, granted=True, reason="", by=advisor)


def test_a_suspended_aid_takes_no_new_request(applicant, demand):
    AidStatusChange.objects.create(
        aid="mobili_jeune", status="suspended", since=timezone.localdate(), note="Enveloppe épuisée."
    )
    with pytest.raises(AidRequestError, match="suspendue"):
        aid_request_start(applicant=applicant, demand=demand, aid="mobili_jeune")


def test_the_agrandissement_loan_waits_for_the_employer_agreement(applicant, demand, advisor):
    demand.snapshot = {**demand.snapshot, "current_housing": "proprietaire"}
    demand.save()
    for kind, extra in [
        ("identity", {"variant": "cni"}),
        ("tax_notice", {}),
        ("employment", {"variant": "contract"}),
        ("works_permit", {}),
    ]:
        if kind == "tax_notice":
            continue
        upload(demand, kind, **extra)

    piece = Piece.objects.create(demand=demand, kind="tax_notice", holder="demandeur", created_at=timezone.now())
    PieceVersion.objects.create(piece=piece, uploaded_by=applicant, uploaded_at=timezone.now())
    request = aid_request_start(applicant=applicant, demand=demand, aid="pret_agrandissement", amount=8000)
    aid_request_submit(request=request, by=applicant)
    request.refresh_from_db()
    assert request.status == AidRequest.Status.AWAITING_EMPLOYER
    agreement = Agreement.objects.get(demand=demand)
    assert agreement.status == Agreement.Status.PENDING
    with pytest.raises(AidRequestError, match="accord de l'employeur n'est pas encore donné"):
        aid_request_decide(request=request, granted=True, reason="", by=advisor)
    agreement.status = Agreement.Status.GIVEN
    agreement.save()
    aid_request_decide(request=request, granted=True, reason="", by=advisor)
    assert AidRequest.objects.get(pk=request.pk).status == AidRequest.Status.GRANTED


def test_pages_walk_from_draft_to_decision(client, applicant, loca_pass_pieces, advisor):
    client.force_login(applicant)
    response = client.post(reverse("aids:request_start", args=["avance_loca_pass"]), {"amount": "900"})
    request = AidRequest.objects.get()
    assert response.url == reverse("aids:request", args=[request.pk])
    page = client.get(response.url).content.decode()
    assert "fournie le" in page
    response = client.post(reverse("aids:request_action", args=[request.pk, "envoyer"]), {"amount": "900"})
    assert AidRequest.objects.get().status == AidRequest.Status.SUBMITTED
    client.force_login(advisor)
    queue = client.get(reverse("aid_advisors:queue")).content.decode()
    assert "Inès Moreau" in queue
    detail = client.get(reverse("aid_advisors:request", args=[request.pk]))
    assert detail.status_code == 200
    assert SensitiveRead.objects.filter(actor=advisor, what__contains="Demande d'aide").exists()
    client.post(reverse("aid_advisors:request", args=[request.pk]), {"decision": "accorder", "reason": ""})
    client.force_login(applicant)
    page = client.get(reverse("aids:request", args=[request.pk])).content.decode()
    assert "Votre demande est accordée" in page


def test_nobody_else_sees_a_request(client, applicant, loca_pass_pieces):
    request = aid_request_start(applicant=applicant, demand=loca_pass_pieces, aid="avance_loca_pass")
    aid_request_submit(request=request, by=applicant)
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("aids:request", args=[request.pk])).status_code == 404
    assert client.post(reverse("aids:request_action", args=[request.pk, "retirer"])).status_code == 404
    assert client.get(reverse("aid_advisors:queue")).status_code == 404
    assert client.get(reverse("aid_advisors:request", args=[request.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("aids:request", args=[request.pk])).status_code == 302


def test_mes_aides_explains_each_verdict_with_figures_missing_facts_and_deadlines(client, applicant, demand):
    client.force_login(applicant)
    html = client.get(reverse("aids:mine")).content.decode()
    assert "26 ans : Visale est ouverte aux moins de 30 ans" in html
    assert "Salarié ou salariée d&#x27;une entreprise privée non agricole" in html
    assert "la date d&#x27;entrée dans votre nouveau logement" in html
    assert "Délai : Au plus tard 2 mois après l&#x27;entrée dans le logement." in html
    assert "Contrat déclaré : l&#x27;aide est réservée aux contrats d&#x27;apprentissage" in html
    assert "Aide au logement : estimation" in html


def test_mes_aides_without_a_demand_says_what_to_do(client):
    client.force_login(UserFactory())
    html = client.get(reverse("aids:mine")).content.decode()
    assert "Importez votre demande de logement social" in html


def test_mes_aides_reads_the_new_home_of_an_application(client, applicant, demand):
    ApplicationFactory(demand=demand)
    client.force_login(applicant)
    html = client.get(reverse("aids:mine")).content.decode()
    assert "Loyer du nouveau logement" in html
    assert "Votre nouveau logement est un logement social" in html
    assert "Estimation pour le logement" in html
