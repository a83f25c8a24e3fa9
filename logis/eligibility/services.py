"""Eligibility of a demand (platform) and of a demand for an offer, from the pure rules (interface)."""

import datetime as dt

from django.utils import timezone

from logis.eligibility.adapters import platform_applicant_of
from logis.eligibility.selectors import DemandEligibility, landlord_policies
from logis.rules import housing_benefit as housing_benefit_rules
from logis.rules.ceilings import SOCIAL_PROGRAMMES
from logis.rules.effort import HousingBenefit
from logis.rules.loan import LoanInputError
from logis.rules.platform import check_platform
from logis.rules.verdict import Verdict


def platform_verdict(demand, *, agreement: str, today: dt.date | None = None) -> Verdict:
    """The logis.rules verdict of platform eligibility for this demand (nationality or residence permit, employer,
    employer's agreement, main residence, valid numéro unique). `agreement`: the employer's agreement status, which
    the caller reads from the employers app (logis.employers.selectors.agreement_status)."""
    today = today or timezone.localdate()
    return check_platform(platform_applicant_of(demand, agreement=agreement), today=today)


ESTIMATE_NOTE = (
    "estimation Logis de l'aide au logement dans ce logement (ressources mensuelles déclarées × 12 prises comme "
    "salaires nets imposables, paramètres du {since}) : la CAF calculera le montant réel"
)


def estimated_housing_benefit(demand, offer, *, today: dt.date) -> HousingBenefit | None:
    """The housing-benefit estimate of this household in this dwelling (logis.rules.housing_benefit), when the
    demand has what it needs (its monthly resources) and the commune is covered; else None."""
    if demand is None or not demand.monthly_resources:
        return None
    household = demand.household or []
    adults = [member for member in household if not member.get("dependant")]
    salaries = [demand.monthly_resources * 12] + ([0] if len(adults) > 1 else [])
    try:
        estimate = housing_benefit_rules.estimate(
            housing_benefit_rules.housing_benefit_input(
                {
                    "commune": offer.commune_id,
                    "rent": offer.rent,
                    "dependants": sum(1 for member in household if member.get("dependant")),
                    "annual_taxable_salaries": salaries,
                    "housing": "social" if offer.financing in SOCIAL_PROGRAMMES else "private",
                    "month": today.strftime("%Y-%m"),
                }
            )
        )
    except LoanInputError:
        return None
    since = estimate.parameters_from
    return HousingBenefit(
        amount=estimate.monthly_amount,
        source=f"estimation {estimate.kind}",
        note=ESTIMATE_NOTE.format(since=f"{since.day}/{since.month:02d}/{since.year}"),
    )


def offer_verdict(
    demand, offer, *, today: dt.date | None = None, housing_benefit: HousingBenefit | None = None
) -> Verdict:
    """The logis.rules verdict of this demand for this offer: income ceiling of the offer's financing in its zone,
    typology, taux d'effort (every term of the arrêté du 10 mars 2011) and reste à vivre at the landlord's
    thresholds, accessibility.

    `housing_benefit`: the estimate of the household's APL/AL in this dwelling (`logis.rules.effort.HousingBenefit`);
    by default Logis's own estimate (`estimated_housing_benefit`), and when the demand lacks what it needs, None:
    0 € counted, and the verdict says that no estimate was made."""
    today = today or timezone.localdate()
    if housing_benefit is None:
        housing_benefit = estimated_housing_benefit(demand, offer, today=today)
    eligibility = DemandEligibility.of(demand, today)
    # The landlord's policy is read once per offer object: a page that judges many demands for one offer (the
    # landlord's ranking, the commission) makes one query, not one per demand.
    policies = getattr(offer, "_landlord_policies", None)
    if policies is None:
        policies = landlord_policies([offer.landlord_id])
        offer._landlord_policies = policies
    eligibility.policies = policies
    return eligibility.verdict(offer, housing_benefit=housing_benefit)
