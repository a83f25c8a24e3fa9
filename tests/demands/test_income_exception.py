"""« Ressources : situation particulière »: the applicant declares a divorce, the end of a PACS, a widowhood or
violence within the couple, gives their own income and uploads the piece that proves it; from then on only their
own income counts (CCH L441-1). The landlord sees the rule applied and the piece (each read audited); the employer
never learns anything of it."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from logis.audit.models import SensitiveRead
from logis.demands.models import Demand
from logis.demands.services import IncomeExceptionError, demand_declare_income_exception
from logis.documents.models import PieceFile
from logis.documents.services import piece_delete, quarantine_scan
from logis.eligibility.services import offer_verdict
from logis.organizations.models import Membership, Organization
from tests.documents import files
from tests.factories import ApplicationFactory, DemandFactory, MembershipFactory, OfferFactory, OrganizationFactory
from tests.support.documents_services import free_port

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"
# A parent alone with a child (category 3): PLUS 2026 « autres régions » ceiling 37 584 €. The couple's joint avis
# says 41 000 €, over it; the applicant's own income is 19 000 €.
HOUSEHOLD = [
    {"birth_date": "1988-04-01", "relation": "demandeur", "dependant": False, "disability": False},
    {"birth_date": "2016-09-01", "relation": "enfant", "dependant": True, "disability": False},
]


@pytest.fixture
def demand(db):
    return DemandFactory(
        with_information=True, household=HOUSEHOLD, household_size=2, reference_income=41000, rfr_n1=None
    )


@pytest.fixture
def offer(db):
    return OfferFactory(financing="PLUS", typology="T3")


@pytest.fixture
def owner_client(client, demand):
    client.force_login(demand.owner)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _declare(client, exception="divorce", own_rfr_n2="19000", own_rfr_n1=""):
    return client.post(
        reverse("demands:income_exception"),
        {"exception": exception, "own_rfr_n2": own_rfr_n2, "own_rfr_n1": own_rfr_n1},
    )


def _upload_proof(client, content=None):
    upload = SimpleUploadedFile("jugement.pdf", content or files.text_pdf(), "application/pdf")
    return client.post(reverse("documents:upload", args=["income_exception"]), {"files": [upload]})


def test_declared_and_proven_only_the_applicant_s_own_income_counts_and_the_verdict_says_so(
    owner_client, demand, offer, clamd
):
    assert "income_ceiling" in offer_verdict(demand, offer).failure_codes  # the couple's 41 000 € is over

    response = _declare(owner_client)
    assert response.status_code == 302
    page = _text(owner_client.get(reverse("demands:income_exception")))
    assert "Pièce attendue : l'ordonnance de non-conciliation, la requête en divorce enregistrée" in page
    assert "Tant que cette pièce manque, les revenus de tout le foyer comptent." in page
    demand.refresh_from_db()
    assert (demand.income_exception, demand.own_rfr_n2, demand.income_exception_proven) == ("divorce", 19000, False)
    check = offer_verdict(demand, offer).check("income_ceiling")
    assert not check.passed
    assert "divorce en cours ou prononcé déclaré, mais sans sa pièce" in check.message

    assert _upload_proof(owner_client).status_code == 302
    demand.refresh_from_db()
    assert demand.income_exception_proven
    check = offer_verdict(demand, offer).check("income_ceiling")
    assert check.passed
    assert check.figures["income"] == 19000
    assert check.figures["household_income"] == 41000
    assert check.figures["income_rule"] == "revenus du seul demandeur (divorce en cours ou prononcé)"
    assert f"19{NNBSP}000{NBSP}€, revenus du seul demandeur : divorce en cours ou prononcé, pièce fournie" in (
        check.message
    )
    assert f"au lieu de 41{NNBSP}000{NBSP}€ pour tout le foyer" in check.message
    page = _text(owner_client.get(reverse("demands:income_exception")))
    assert "Seuls vos revenus sont comparés aux plafonds de ressources." in page


def test_the_upload_page_names_the_piece_of_the_declared_situation(owner_client, demand):
    _declare(owner_client, exception="pacs_end")
    page = _text(owner_client.get(reverse("documents:upload", args=["income_exception"])))
    assert "L'attestation de dissolution du PACS." in page
    assert 'name="variant"' not in page  # the situation comes from the declaration, not from the upload form


def test_without_a_declaration_the_proof_cannot_be_uploaded(owner_client, demand):
    response = owner_client.get(reverse("documents:upload", args=["income_exception"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("demands:income_exception")
    response = _upload_proof(owner_client)
    assert response.status_code == 302
    assert not PieceFile.objects.exists()


def test_a_situation_without_the_own_income_is_refused_and_what_was_typed_is_kept(owner_client, demand):
    response = _declare(owner_client, exception="widowhood", own_rfr_n2="", own_rfr_n1="17500")
    assert response.status_code == 400
    page = _text(response)
    assert "Indiquez votre propre revenu fiscal de référence" in page
    assert 'value="17500"' in page
    assert response.context["form"]["exception"].value() == "widowhood"
    demand.refresh_from_db()
    assert demand.income_exception == ""


def test_a_negative_or_absurd_income_is_refused_in_words(owner_client, demand):
    assert "Le montant ne peut pas être négatif." in _text(_declare(owner_client, own_rfr_n2="-5"))
    with pytest.raises(IncomeExceptionError, match="Saisissez un montant en euros"):
        demand_declare_income_exception(demand=demand, exception="divorce", own_rfr_n2=10**9, by=demand.owner)


def test_only_the_owner_declares(demand):
    other = DemandFactory()
    with pytest.raises(IncomeExceptionError, match="Seul le titulaire"):
        demand_declare_income_exception(demand=demand, exception="divorce", own_rfr_n2=19000, by=other.owner)


def test_declaring_twice_the_same_keeps_one_declaration_and_its_proof(owner_client, demand, clamd):
    _declare(owner_client)
    _upload_proof(owner_client)
    _declare(owner_client)  # a double submit
    demand.refresh_from_db()
    assert demand.income_exception_proven
    assert demand.pieces.filter(kind="income_exception").count() == 1


def test_another_situation_needs_its_own_piece(owner_client, demand, offer, clamd):
    _declare(owner_client, exception="divorce")
    _upload_proof(owner_client)
    _declare(owner_client, exception="pacs_end")
    demand.refresh_from_db()
    assert not demand.income_exception_proven
    assert not offer_verdict(demand, offer).check("income_ceiling").passed
    page = _text(owner_client.get(reverse("demands:income_exception")))
    assert "La pièce déposée concerne une autre situation" in page
    # Back to the situation the piece proves: it counts again.
    _declare(owner_client, exception="divorce")
    demand.refresh_from_db()
    assert demand.income_exception_proven


def test_withdrawing_the_situation_makes_the_whole_household_count_again(owner_client, demand, offer, clamd):
    _declare(owner_client)
    _upload_proof(owner_client)
    response = _declare(owner_client, exception="aucune", own_rfr_n2="")
    assert response.status_code == 302
    demand.refresh_from_db()
    assert (demand.income_exception, demand.own_rfr_n2, demand.income_exception_proven) == ("", None, False)
    assert "income_ceiling" in offer_verdict(demand, offer).failure_codes


def test_deleting_the_piece_withdraws_the_exception(owner_client, demand, clamd):
    _declare(owner_client)
    _upload_proof(owner_client)
    piece = demand.pieces.get(kind="income_exception")
    piece_delete(piece=piece, by=demand.owner)
    demand.refresh_from_db()
    assert not demand.income_exception_proven


def test_a_piece_waiting_for_the_antivirus_proves_nothing_until_it_is_cleared(
    owner_client, demand, settings, clamd_server
):
    settings.ANTIVIRUS_BACKEND = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{free_port()}"  # clamd down: the file waits in quarantine
    settings.CLAMD_TIMEOUT = 2
    _declare(owner_client)
    _upload_proof(owner_client)
    demand.refresh_from_db()
    assert not demand.income_exception_proven
    settings.CLAMD_ADDRESS = clamd_server.socket_path
    assert quarantine_scan().clean == 1
    demand.refresh_from_db()
    assert demand.income_exception_proven


def test_the_landlord_sees_the_rule_applied_and_the_piece_and_each_read_is_audited(owner_client, demand, offer, clamd):
    _declare(owner_client, exception="domestic_violence")
    _upload_proof(owner_client)
    application = ApplicationFactory(demand=demand, offer=offer)
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    client = Client()  # the agent's own browser
    client.force_login(agent)
    page = _text(client.get(reverse("landlords:application", args=[application.pk])))
    assert "Ressources retenues : Revenu fiscal de référence" in page
    assert "revenus du seul demandeur : violences au sein du couple, pièce fournie" in page
    assert "Justificatif de situation familiale" in page
    assert "Violences au sein du couple" in page  # the situation the piece proves
    read = SensitiveRead.objects.filter(actor=agent).latest("at")
    assert "situation particulière (ressources)" in read.what
    assert "violence" not in read.what.lower()  # the log names the kind of data, never the situation

    proof = PieceFile.objects.get(version__piece__kind="income_exception")
    response = client.get(reverse("documents:file_download", args=[proof.pk]))
    assert response.status_code == 200
    read = SensitiveRead.objects.filter(actor=agent).latest("at")
    assert read.what == "Justificatif de situation familiale — fichier 1"
    assert read.watermarked


def test_the_employer_never_learns_of_the_situation(owner_client, demand, offer, clamd):
    employer = OrganizationFactory(kind=Organization.Kind.EMPLOYER)
    Demand.objects.filter(pk=demand.pk).update(employer=employer, inform_employer=True)
    hr = MembershipFactory(organization=employer, role=Membership.Role.HR).user
    _declare(owner_client, exception="domestic_violence")
    _upload_proof(owner_client)
    application = ApplicationFactory(demand=demand, offer=offer)
    client = Client()  # the HR's own browser
    client.force_login(hr)
    agreement = application.demand.agreement
    for url in (
        reverse("employers:dashboard"),
        reverse("employers:agreements"),
        reverse("employers:agreement", args=[agreement.pk]),
    ):
        page = _text(client.get(url)).lower()
        for word in ("violence", "situation particulière", "justificatif de situation", "seul demandeur"):
            assert word not in page, (word, url)
    proof = PieceFile.objects.get(version__piece__kind="income_exception")
    assert client.get(reverse("documents:file_download", args=[proof.pk])).status_code == 404
