"""What other apps may ask of the employers' space (interface; implemented by the employers app)."""


def agreement_status(demand) -> str:
    """The employer's agreement for this demand: "none", "pending", "given" or "refused"."""
    return "none"


def employer_priorities(organization) -> dict:
    """The priorities an employer configured for the cotation (empty when none)."""
    return {}
