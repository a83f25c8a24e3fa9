from dataclasses import replace
from datetime import date

import pytest

from logis.rules.platform import Employer, Nationality, PlatformApplicant, check_platform

TODAY = date(2026, 3, 15)
ELIGIBLE = PlatformApplicant(
    nationality=Nationality.FRENCH,
    residence_permit_expires_on=None,
    employer=Employer(is_private=True, headcount=120, is_agricultural=False, pays_peec=True),
    employer_agreement=True,
    main_residence=True,
    numero_unique="1110318016982G1104",
    demand_expires_on=date(2026, 9, 1),
)


def test_french_employee_of_a_large_private_company_with_agreement_and_valid_demand_is_eligible():
    verdict = check_platform(ELIGIBLE, today=TODAY)
    assert verdict.eligible
    assert not verdict.warnings
    assert {check.code for check in verdict.passes} == {
        "residence",
        "employer_headcount",
        "employer_peec",
        "employer_agreement",
        "main_residence",
        "numero_unique",
    }


@pytest.mark.parametrize(
    ("nationality", "permit", "eligible"),
    [
        (Nationality.FRENCH, None, True),
        (Nationality.EU, None, True),
        (Nationality.EEA, None, True),  # Iceland, Liechtenstein, Norway: R441-2-3
        (Nationality.SWISS, None, True),
        (Nationality.NON_EU, None, False),
        (Nationality.NON_EU, date(2026, 3, 15), True),  # valid through today
        (Nationality.NON_EU, date(2026, 3, 14), False),  # expired yesterday
        (Nationality.NON_EU, date(2030, 1, 1), True),
    ],
)
def test_non_eu_national_needs_a_residence_permit_valid_today(nationality, permit, eligible):
    applicant = replace(ELIGIBLE, nationality=nationality, residence_permit_expires_on=permit)
    verdict = check_platform(applicant, today=TODAY)
    assert verdict.eligible is eligible
    assert ("residence" in verdict.failure_codes) is not eligible


def test_expired_permit_message_gives_the_date():
    applicant = replace(ELIGIBLE, nationality=Nationality.NON_EU, residence_permit_expires_on=date(2026, 1, 31))
    assert "31/01/2026" in check_platform(applicant, today=TODAY).check("residence").message


@pytest.mark.parametrize(
    ("employer", "failures"),
    [
        (Employer(is_private=True, headcount=10), set()),  # 10 to 49: no PEEC since the loi PACTE, eligible
        (Employer(is_private=True, headcount=9, pays_peec=True), {"employer_headcount"}),
        (Employer(is_private=True, headcount=50, pays_peec=False), {"employer_peec"}),
        (Employer(is_private=True, headcount=50, pays_peec=True), set()),
        (Employer(is_private=True, headcount=49, is_agricultural=True, pays_peec=True), {"employer_headcount"}),
        (Employer(is_private=True, headcount=50, is_agricultural=True, pays_peec=True), set()),
        (Employer(is_private=False, headcount=5000, pays_peec=False), {"employer_private"}),
        (Employer(is_private=True, headcount=None), {"employer_headcount"}),
        (None, {"employer"}),
    ],
)
def test_employer_must_be_private_with_10_staff_or_50_in_agriculture_and_pay_the_peec_from_50(employer, failures):
    verdict = check_platform(replace(ELIGIBLE, employer=employer), today=TODAY)
    assert verdict.failure_codes == failures


def test_headcount_failure_gives_the_figures():
    verdict = check_platform(replace(ELIGIBLE, employer=Employer(is_private=True, headcount=9)), today=TODAY)
    assert verdict.check("employer_headcount").message == (
        "Effectif de l'entreprise : 9 salariés — minimum : 10 salariés."
    )
    agricultural = Employer(is_private=True, headcount=30, is_agricultural=True, pays_peec=True)
    message = check_platform(replace(ELIGIBLE, employer=agricultural), today=TODAY).check("employer_headcount").message
    assert message == "Effectif de l'entreprise agricole : 30 salariés — minimum : 50 salariés."


def test_employer_agreement_and_main_residence_are_required():
    verdict = check_platform(replace(ELIGIBLE, employer_agreement=False, main_residence=False), today=TODAY)
    assert verdict.failure_codes == {"employer_agreement", "main_residence"}


@pytest.mark.parametrize(
    ("numero", "expires", "active", "eligible"),
    [
        ("1110318016982G1104", date(2026, 3, 15), True, True),
        ("1110318016982G1104", date(2026, 3, 14), True, False),
        ("1110318016982G1104", None, True, False),
        ("1110318016982G1104", date(2026, 9, 1), False, False),
        ("", date(2026, 9, 1), True, False),
    ],
)
def test_numero_unique_must_exist_and_not_be_expired(numero, expires, active, eligible):
    applicant = replace(ELIGIBLE, numero_unique=numero, demand_expires_on=expires, demand_active=active)
    verdict = check_platform(applicant, today=TODAY)
    assert verdict.eligible is eligible
    assert ("numero_unique" in verdict.failure_codes) is not eligible


def test_unusual_numero_unique_format_is_a_warning_not_a_refusal():
    verdict = check_platform(replace(ELIGIBLE, numero_unique="075 12 34"), today=TODAY)
    assert verdict.eligible
    assert [warning.code for warning in verdict.warnings] == ["numero_unique_format"]


def test_the_residence_check_names_the_exemption_of_r441_2_3():
    verdict = check_platform(replace(ELIGIBLE, nationality=Nationality.SWISS), today=date(2026, 3, 15))
    assert (
        "de l'Espace économique européen ou de la Suisse — article R441-2-3 du CCH"
        in verdict.check("residence").message
    )


def test_a_failed_platform_check_says_what_to_do():
    verdict = check_platform(replace(ELIGIBLE, employer_agreement=False), today=TODAY)
    assert "demandez l'accord de votre employeur" in verdict.check("employer_agreement").remedy
    expired = check_platform(replace(ELIGIBLE, nationality=Nationality.NON_EU), today=TODAY)
    assert "titre de séjour en cours de validité" in expired.check("residence").remedy
