import datetime as dt
import subprocess
import sys

from logis.documents import checklist
from logis.documents.checklist import Kind, Stage, Status
from tests.documents.conftest import SNAPSHOT

TODAY = dt.date(2026, 11, 27)


def _uploaded(kind, holder="", **kwargs):
    values = {"variant": "", "expires_on": None, "uploaded_on": TODAY, "piece_id": 1} | kwargs
    return checklist.Uploaded(kind=kind.value, holder=holder, **values)


def test_adults_are_the_applicant_and_household_members_of_age():
    adults = checklist.adults_of(SNAPSHOT, today=TODAY)
    assert [adult.label for adult in adults] == ["Camille Martin", "Sacha Durand"]
    assert adults[0].key == checklist.APPLICANT_HOLDER


def test_applying_asks_identity_and_a_tax_notice_per_adult():
    items = checklist.checklist(Stage.APPLY, checklist.adults_of(SNAPSHOT, today=TODAY), [], TODAY)
    assert [item.label for item in items] == [
        "Pièce d'identité",
        "Avis d'imposition de Camille Martin",
        "Avis d'imposition de Sacha Durand",
    ]
    assert {item.status for item in items} == {Status.MISSING}
    assert "recto et verso" in items[0].message


def test_stages_are_cumulative_and_lease_asks_the_promise_of_lease():
    adults = checklist.adults_of({}, today=TODAY, applicant_label="Camille Martin")
    kinds = [item.kind for item in checklist.checklist(Stage.LEASE, adults, [], TODAY)]
    assert kinds == [
        Kind.IDENTITY,
        Kind.TAX_NOTICE,
        Kind.EMPLOYMENT,
        Kind.PAYSLIPS,
        Kind.BANK_DETAILS,
        Kind.LEASE_PROMISE,
    ]


def test_an_expired_residence_permit_is_flagged_with_what_to_upload():
    adults = checklist.adults_of({}, today=TODAY)
    permit = _uploaded(Kind.IDENTITY, variant="residence_permit", expires_on=dt.date(2026, 3, 3))
    item = checklist.checklist(Stage.APPLY, adults, [permit], TODAY)[0]
    assert item.status == Status.EXPIRED
    assert item.message.startswith("Votre titre de séjour a expiré le 3 mars 2026")
    assert "récépissé" in item.message


def test_a_valid_identity_document_is_present():
    adults = checklist.adults_of({}, today=TODAY)
    card = _uploaded(Kind.IDENTITY, variant="cni", expires_on=dt.date(2030, 1, 1))
    item = checklist.checklist(Stage.APPLY, adults, [card], TODAY)[0]
    assert item.status == Status.PRESENT
    assert item.message == "Valable jusqu'au 1er janvier 2030."


def test_payslips_older_than_three_months_must_be_renewed():
    adults = checklist.adults_of({}, today=TODAY)
    old = _uploaded(Kind.PAYSLIPS, uploaded_on=TODAY - dt.timedelta(days=120))
    items = checklist.checklist(Stage.LANDLORD, adults, [old], TODAY)
    payslips = next(item for item in items if item.kind == Kind.PAYSLIPS)
    assert payslips.status == Status.EXPIRED


def test_next_stage_follows_the_application_in_progress():
    assert checklist.next_stage(None) == Stage.APPLY
    assert checklist.next_stage("submitted") == Stage.LANDLORD
    assert checklist.next_stage("validated") == Stage.CALEOL
    assert checklist.next_stage("in_commission") == Stage.LEASE
    assert checklist.next_stage("offer_made") == Stage.LEASE  # a later state of the workflow


def test_the_checklist_module_does_not_import_django():
    code = "import sys, logis.documents.checklist; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "False"


def test_a_situation_declared_on_the_resources_asks_its_proof_with_the_first_pieces():
    adults = checklist.adults_of({}, today=TODAY, applicant_label="Camille Martin")
    assert Kind.INCOME_EXCEPTION not in [item.kind for item in checklist.checklist(Stage.APPLY, adults, [], TODAY)]
    items = checklist.checklist(Stage.APPLY, adults, [], TODAY, income_exception="divorce")
    proof = items[-1]
    assert (proof.kind, proof.status, proof.label) == (
        Kind.INCOME_EXCEPTION,
        Status.MISSING,
        "Justificatif de situation familiale",  # neutral: the situation itself is never in a label
    )
    given = _uploaded(Kind.INCOME_EXCEPTION, variant="divorce")
    assert checklist.checklist(Stage.APPLY, adults, [given], TODAY, income_exception="divorce")[-1].status == (
        Status.PRESENT
    )
    other = checklist.checklist(Stage.APPLY, adults, [given], TODAY, income_exception="pacs_end")[-1]
    assert other.status == Status.MISSING
    assert "concerne une autre situation" in other.message
