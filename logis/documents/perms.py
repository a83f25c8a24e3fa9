"""Who may open the documents of an applicant's file, and in which capacity.

The file holds identity, income and bank documents: it opens only to those who instruct it, while they do.
- The applicant (owner of the demand) always sees their own file.
- A landlord agent sees it while the applicant has an application in progress on one of the landlord's offers:
  the landlord needs the pieces to validate the file and present it to its commission, and no longer once the
  application has ended.
- An advisor of the platform's operator sees every file: advisors help applicants complete them.
- Members of a landlord's commission (CALEOL) read the file summary of the applications in progress on their
  landlord's offers, which the commission decides on.
- An employer never sees the documents (nor learns that they exist): the employee's income and identity are not
  the employer's business.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from logis.applications.models import Application
from logis.demands.models import Demand
from logis.organizations.models import LESSOR_KINDS, Membership, Organization


def _memberships(user, role: str, kind: str) -> QuerySet:
    return Membership.objects.filter(user=user, is_active=True, role=role, organization__kind=kind)


def agent_landlord_ids(user) -> QuerySet:
    """Social landlords, and estate agencies or private owners once checked (an agency waiting for an advisor's
    check reads no applicant's piece)."""
    return Membership.objects.filter(
        user=user,
        is_active=True,
        role=Membership.Role.AGENT,
        organization__kind__in=LESSOR_KINDS,
        organization__awaiting_verification=False,
    ).values("organization_id")


def commission_landlord_ids(user) -> QuerySet:
    return _memberships(user, Membership.Role.COMMISSION, Organization.Kind.LANDLORD).values("organization_id")


def is_operator_advisor(user) -> bool:
    """An advisor of the platform's operator (not an employer's HR, not a landlord's agent)."""
    if not user.is_authenticated:
        return False
    return _memberships(user, Membership.Role.ADVISOR, Organization.Kind.OPERATOR).exists()


def visible_demand_ids(user) -> QuerySet:
    """Demands whose file this professional may open (the owner's own file is added by the caller)."""
    if is_operator_advisor(user):
        return Demand.objects.values("pk")
    # A private letting's owner or agency opens only the tenant file the applicant shares with it
    # (logis.documents.tenant_file), never the pieces of the social file.
    return (
        Application.objects.active()
        .filter(offer__landlord_id__in=agent_landlord_ids(user), channel="social")
        .values("demand_id")
    )


@dataclass(frozen=True)
class Access:
    role: str  # a logis.organizations.roles.Role value
    application: Application | None
    organization: Organization | None

    @property
    def watermarked(self) -> bool:
        """Copies handed to a landlord carry its name, the application and the date."""
        return self.role == "landlord_agent"


def document_access(*, user, demand) -> Access | None:
    """In which capacity `user` opens a piece of `demand`'s file (None: not at all)."""
    if not user.is_authenticated:
        return None
    in_progress = Application.objects.active().filter(demand=demand).select_related("offer__landlord")
    if demand.owner_id == user.pk:
        return Access("applicant", in_progress.first(), None)
    application = in_progress.filter(offer__landlord_id__in=agent_landlord_ids(user), channel="social").first()
    if application is not None:
        return Access("landlord_agent", application, application.offer.landlord)
    if is_operator_advisor(user):
        membership = _memberships(user, Membership.Role.ADVISOR, Organization.Kind.OPERATOR).first()
        return Access("advisor", in_progress.first(), membership.organization if membership else None)
    return None


def summary_access(*, user, application) -> Access | None:
    """In which capacity `user` reads the file summary of `application` (None: not at all)."""
    if not user.is_authenticated:
        return None
    if application.demand.owner_id == user.pk:
        return Access("applicant", application, None)
    if not application.is_active or application.channel != "social":
        return None  # a private letting's owner reads the tenant file shared with it, not the social summary
    landlord = application.offer.landlord
    if agent_landlord_ids(user).filter(organization_id=landlord.pk).exists():
        return Access("landlord_agent", application, landlord)
    if commission_landlord_ids(user).filter(organization_id=landlord.pk).exists():
        return Access("commission", application, landlord)
    if is_operator_advisor(user):
        return Access("advisor", application, None)
    return None
