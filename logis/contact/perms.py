"""Who works the contact desk. Each predicate gives the business reason."""

from logis.organizations.team import is_operator_member


def is_desk_agent(user) -> bool:
    """The team's inbox is answered by the people of the operator (the Logis team, its advisors and moderators):
    messages may speak of a person's difficulties and reach nobody outside Logis (never an employer, never a
    landlord)."""
    return is_operator_member(user)
