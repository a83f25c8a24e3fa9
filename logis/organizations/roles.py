"""One vocabulary of roles for the whole platform (applications, employers, documents, audit, admin).

A person's role comes from what they are, never from Django's ``is_staff`` flag: landlord agents have
``is_staff`` to reach their offers in the admin, which must not make them members of the Logis team.

- ``applicant``: the owner of a demand (kind "applicant").
- ``hr``, ``landlord_agent``, ``commission``, ``advisor``: a professional, through an active Membership of an
  organisation (the Membership.Role value maps to the role below).
- ``staff``: a member of the Logis team, i.e. an account of kind "staff" or a superuser, and nobody else.
- ``system``: the platform itself (scheduled jobs); no person holds it.

No Django import at module level: the transition table (logis.applications.workflow) uses it.
"""

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    HR = "hr"
    LANDLORD_AGENT = "landlord_agent"
    COMMISSION = "commission"
    ADVISOR = "advisor"
    STAFF = "staff"
    SYSTEM = "system"


ROLE_LABELS = {
    Role.APPLICANT: "Demandeur",
    Role.HR: "Ressources humaines de l'employeur",
    Role.LANDLORD_AGENT: "Chargé ou chargée de clientèle du bailleur",
    Role.COMMISSION: "Membre de la commission d'attribution",
    Role.ADVISOR: "Conseiller ou conseillère Logis",
    Role.STAFF: "Équipe Logis",
    Role.SYSTEM: "La plateforme",
}

ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]

# Membership.Role value (stored) -> role of the vocabulary.
MEMBERSHIP_ROLES = {
    "hr": Role.HR,
    "agent": Role.LANDLORD_AGENT,
    "commission": Role.COMMISSION,
    "advisor": Role.ADVISOR,
    "moderator": Role.STAFF,  # the forum's moderators are members of the Logis team (logis.forum)
}

# Kinds of organisation (Organization.Kind values) whose members work in the landlord's workspace: social landlords,
# estate agencies and private owners (issue #19). The last two let homes privately.
LESSOR_KIND_VALUES = ("landlord", "agency", "private_owner")
PRIVATE_LESSOR_KIND_VALUES = ("agency", "private_owner")

# Roles whose accounts must sign in with a second factor (logis.accounts.mfa).
PROFESSIONAL_ROLES = frozenset({Role.HR, Role.LANDLORD_AGENT, Role.COMMISSION, Role.ADVISOR, Role.STAFF})


def is_logis_team(user) -> bool:
    """A member of the Logis team: an account of kind "staff" or a superuser (never a mere is_staff)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or getattr(user, "kind", "") == "staff")


def is_professional(user) -> bool:
    """Any account that is not an applicant's: professionals of an organisation and the Logis team."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_logis_team(user) or getattr(user, "kind", "applicant") != "applicant"
