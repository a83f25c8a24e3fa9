"""Eligibility to the platform itself (before any offer): who may use Action Logement's rental service.

Sources: guide AL'in (al-in-guide.fr.txt: « vous devez avoir la nationalité française ou un titre de séjour et
être un travailleur ou salarié dans une entreprise ou société du secteur privé. Celle-ci doit employer au moins
10 personnes et doit figurer parmi les sociétés qui cotisent à la PEEC » ; agricultural sector: at least 50
employees ; « tout demandeur … doit préalablement obtenir l'accord … de son employeur ») ;
https://www.actionlogement.fr/faq/locatif (employer agreement, private company ≥ 10 employees, agricultural ≥ 50) ;
CCH L441-2-1 and R441-2-8 (numéro unique, validity of one year). Thresholds are in data/parameters.toml,
including the PEEC nuance of the loi PACTE (companies of 10 to 49 employees no longer pay the PEEC but their
employees stay eligible).
"""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from logis.rules.formatting import number
from logis.rules.parameters import PlatformParameters, load_parameters
from logis.rules.verdict import Check, Verdict


class Nationality(StrEnum):
    """Same values as the registry's nationality classes."""

    FRENCH = "FR"
    EU = "UE"  # a Member State of the European Union
    EEA = "EEE"  # another State party to the EEA agreement (Iceland, Liechtenstein, Norway)
    SWISS = "CH"  # the Swiss Confederation
    NON_EU = "HUE"


@dataclass(frozen=True)
class Employer:
    is_private: bool
    headcount: int | None
    is_agricultural: bool = False
    pays_peec: bool = False


@dataclass(frozen=True)
class PlatformApplicant:
    nationality: Nationality
    residence_permit_expires_on: date | None
    employer: Employer | None
    employer_agreement: bool
    main_residence: bool
    numero_unique: str
    demand_expires_on: date | None
    demand_active: bool = True


def _fr_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def check_residence(applicant: PlatformApplicant, today: date, params: PlatformParameters) -> Check:
    """French nationality (or EU / EEA / Swiss, who need no permit), or a residence permit valid on `today`."""
    if applicant.nationality.value in params.nationalities_without_permit:
        return Check(
            "residence",
            True,
            "Nationalité : aucun titre de séjour n'est exigé (nationalité française, d'un État de l'Union "
            "européenne, de l'Espace économique européen ou de la Suisse — article R441-2-3 du CCH).",
            {"nationality": applicant.nationality.value},
        )
    expires = applicant.residence_permit_expires_on
    if expires is None:
        return Check(
            "residence", False, "Un titre de séjour en cours de validité est nécessaire ; aucun n'est indiqué."
        )
    if expires < today:
        return Check(
            "residence",
            False,
            f"Le titre de séjour a expiré le {_fr_date(expires)} : il faut un titre en cours de validité.",
            {"residence_permit_expires_on": expires},
        )
    return Check(
        "residence",
        True,
        f"Titre de séjour valable jusqu'au {_fr_date(expires)}.",
        {"residence_permit_expires_on": expires},
    )


def check_employer(employer: Employer | None, params: PlatformParameters) -> list[Check]:
    """Private company with at least 10 employees (agricultural: 50), paying the PEEC from 50 employees."""
    if employer is None:
        return [Check("employer", False, "Aucun employeur n'est indiqué : le service s'adresse aux salariés.")]
    if not employer.is_private:
        return [
            Check("employer_private", False, "Le service s'adresse aux salariés des entreprises du secteur privé.")
        ]
    minimum = params.agricultural_employer_min_headcount if employer.is_agricultural else params.employer_min_headcount
    sector = "agricole " if employer.is_agricultural else ""
    checks = []
    if employer.headcount is None:
        checks.append(Check("employer_headcount", False, "L'effectif de l'employeur n'est pas connu."))
    elif employer.headcount < minimum:
        checks.append(
            Check(
                "employer_headcount",
                False,
                f"Effectif de l'entreprise {sector}: {number(employer.headcount)} salariés — minimum : "
                f"{number(minimum)} salariés.",
                {"headcount": employer.headcount, "minimum": minimum},
            )
        )
    else:
        checks.append(
            Check(
                "employer_headcount",
                True,
                f"Effectif de l'entreprise {sector}: {number(employer.headcount)} salariés "
                f"(minimum {number(minimum)}).",
                {"headcount": employer.headcount, "minimum": minimum},
            )
        )
    peec_required = employer.headcount is not None and employer.headcount >= params.peec_required_from_headcount
    if peec_required and not employer.pays_peec:
        checks.append(
            Check(
                "employer_peec",
                False,
                "L'employeur doit cotiser à la participation des employeurs à l'effort de construction (PEEC).",
                {"threshold": params.peec_required_from_headcount},
            )
        )
    elif peec_required:
        checks.append(Check("employer_peec", True, "L'employeur cotise à la PEEC."))
    return checks


def check_platform(applicant: PlatformApplicant, *, today: date, params: PlatformParameters | None = None) -> Verdict:
    """Whether `applicant` may use the platform on `today`, every rule explained."""
    params = params or load_parameters().platform
    checks = [check_residence(applicant, today, params), *check_employer(applicant.employer, params)]
    checks.append(
        Check("employer_agreement", True, "L'accord de l'employeur est obtenu.")
        if applicant.employer_agreement
        else Check("employer_agreement", False, "L'accord de l'employeur est nécessaire et n'est pas encore obtenu.")
    )
    checks.append(
        Check("main_residence", True, "Le logement sera la résidence principale du ménage.")
        if applicant.main_residence
        else Check("main_residence", False, "Le logement doit être la résidence principale du ménage.")
    )
    warnings = []
    numero = (applicant.numero_unique or "").replace(" ", "").upper()
    if not numero:
        checks.append(Check("numero_unique", False, "Un numéro unique de demande de logement social est nécessaire."))
    elif not applicant.demand_active:
        checks.append(
            Check("numero_unique", False, f"La demande {numero} n'est plus active : il faut une demande en cours.")
        )
    elif applicant.demand_expires_on is None or applicant.demand_expires_on < today:
        expiry = f" le {_fr_date(applicant.demand_expires_on)}" if applicant.demand_expires_on else ""
        checks.append(
            Check(
                "numero_unique",
                False,
                f"La demande {numero} a expiré{expiry} : elle doit être renouvelée.",
                {"demand_expires_on": applicant.demand_expires_on},
            )
        )
    else:
        checks.append(
            Check(
                "numero_unique",
                True,
                f"Demande {numero} valable jusqu'au {_fr_date(applicant.demand_expires_on)}.",
                {"demand_expires_on": applicant.demand_expires_on},
            )
        )
    if numero and not params.numero_unique_pattern.match(numero):
        warnings.append(
            Check(
                "numero_unique_format",
                True,
                f"Le numéro {numero} n'a pas la forme habituelle (18 caractères) : à vérifier, sans refus.",
            )
        )
    return Verdict.from_checks([_with_remedy(check) for check in checks], warnings=warnings)


# What the applicant can do about a failed platform check (« why not me? »).
PLATFORM_REMEDIES = {
    "residence": "déposez un titre de séjour en cours de validité, puis mettez à jour « Ma situation ».",
    "employer_agreement": (
        "demandez l'accord de votre employeur dans « Les informations » ; si vous ne souhaitez pas l'informer, un "
        "conseiller Logis peut donner cet accord."
    ),
    "numero_unique": "renouvelez votre demande de logement social, puis mettez à jour « Ma situation ».",
    "employer": "indiquez votre employeur dans « Les informations ».",
}


def _with_remedy(check: Check) -> Check:
    if check.passed or check.remedy or check.code not in PLATFORM_REMEDIES:
        return check
    return replace(check, remedy=PLATFORM_REMEDIES[check.code])
