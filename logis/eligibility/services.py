"""Eligibility of a demand (platform) and of a demand for an offer, from the pure rules (interface)."""


def platform_verdict(demand):
    """The logis.rules verdict of platform eligibility for this demand, or None until implemented."""
    return None


def offer_verdict(demand, offer):
    """The logis.rules verdict of this demand for this offer, or None until implemented."""
    return None
