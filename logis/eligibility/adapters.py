"""From the platform's models to the dataclasses of the pure rules (logis.rules), and nothing else.

The rules never see a model: the demand becomes a `Candidate` (household, income, resources) and a
`PlatformApplicant`, the offer an `OfferFacts`, the landlord's settings a `LandlordPolicy`. The household comes
from the one adapter of `logis.demands.household`, which the cotation uses too.
"""

import datetime as dt
from decimal import Decimal

from logis.demands.household import household_of, own_income_of
from logis.rules.income import TaxHousehold
from logis.rules.offer import Candidate, OfferFacts
from logis.rules.platform import Employer, Nationality, PlatformApplicant


def candidate_of(demand, today: dt.date) -> Candidate:
    """The household of the demand as the offer rules see it: composition, income N-2 / N-1, monthly resources."""
    return Candidate(
        household=household_of(demand, today),
        tax_households=(TaxHousehold(rfr_n2=demand.reference_income, rfr_n1=demand.rfr_n1),),
        monthly_resources=Decimal(demand.monthly_resources),
        needs_accessibility=demand.accessibility_needed,
        own_income=own_income_of(demand),
    )


def employer_of(demand) -> Employer | None:
    """The employer as the platform rules see it. Organisations of kind "employer" are private companies (the
    platform registers no public employer); an employer typed but not recognised has an unknown headcount."""
    organization = demand.employer if demand.employer_id else None
    if organization is not None:
        return Employer(
            is_private=True,
            headcount=organization.headcount,
            is_agricultural=organization.is_agricultural,
            pays_peec=organization.pays_peec,
        )
    if demand.employer_siret or demand.employer_name:
        return Employer(is_private=True, headcount=None)
    return None


def platform_applicant_of(demand, *, agreement: str) -> PlatformApplicant:
    """The demand as the platform rules see it. `agreement`: the employer's agreement status ("none", "pending",
    "given", "refused"), which the caller reads from the employers app (logis.employers.selectors.agreement_status):
    eligibility does not import the app that holds it (ADR 0007)."""
    try:
        nationality = Nationality(demand.nationality)
    except ValueError:
        nationality = Nationality.NON_EU
    return PlatformApplicant(
        nationality=nationality,
        residence_permit_expires_on=demand.residence_permit_expires_on,
        employer=employer_of(demand),
        employer_agreement=agreement == "given",
        # A social-housing demand is a demand for a main residence (CCH L441-1): the register records no other.
        main_residence=True,
        numero_unique=demand.numero_unique,
        demand_expires_on=demand.expires_on,
        demand_active=demand.register_status == "active",
    )


def offer_facts_of(offer) -> OfferFacts:
    return OfferFacts(
        financing=offer.financing,
        insee=offer.commune_id,
        typology=offer.typology,
        rent=offer.rent,
        charges=offer.charges,
        is_accessible=offer.is_accessible,
        departement=offer.departement or None,
        surface=offer.surface,
        annex_rent=offer.annex_rent,
        energy_contribution=offer.energy_contribution,
        individual_water=offer.individual_water,
        individual_heating=offer.individual_heating,
        individual_flat_charge=offer.individual_flat_charge,
    )
