"""Eligibility of a demand (platform) and of a demand for an offer, from the pure rules (interface)."""

import datetime as dt

from django.utils import timezone

from logis.eligibility.adapters import platform_applicant_of
from logis.eligibility.selectors import DemandEligibility, landlord_policies
from logis.rules.effort import HousingBenefit
from logis.rules.platform import check_platform
from logis.rules.verdict import Verdict


def platform_verdict(demand, *, agreement: str, today: dt.date | None = None) -> Verdict:
    """The logis.rules verdict of platform eligibility for this demand (nationality or residence permit, employer,
    employer's agreement, main residence, valid numéro unique). `agreement`: the employer's agreement status, which
    the caller reads from the employers app (logis.employers.selectors.agreement_status)."""
    today = today or timezone.localdate()
    return check_platform(platform_applicant_of(demand, agreement=agreement), today=today)


def offer_verdict(
    demand, offer, *, today: dt.date | None = None, housing_benefit: HousingBenefit | None = None
) -> Verdict:
    """The logis.rules verdict of this demand for this offer: income ceiling of the offer's financing in its zone,
    typology, taux d'effort (every term of the arrêté du 10 mars 2011) and reste à vivre at the landlord's
    thresholds, accessibility.

    `housing_benefit`: the estimate of the household's APL/AL in this dwelling (`logis.rules.effort.HousingBenefit`)
    when one exists; None counts 0 € and the verdict says that no estimate was made."""
    eligibility = DemandEligibility.of(demand, today)
    # The landlord's policy is read once per offer object: a page that judges many demands for one offer (the
    # landlord's ranking, the commission) makes one query, not one per demand.
    policies = getattr(offer, "_landlord_policies", None)
    if policies is None:
        policies = landlord_policies([offer.landlord_id])
        offer._landlord_policies = policies
    eligibility.policies = policies
    return eligibility.verdict(offer, housing_benefit=housing_benefit)
