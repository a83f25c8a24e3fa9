"""What other apps may ask of the employers' space, and the reads of its own pages."""

from django.utils import timezone

from logis.applications.models import Application
from logis.applications.workflow import State
from logis.employers.models import Agreement, EmployerPriorities
from logis.rules.parameters import load_parameters
from logis.rules.platform import Employer, check_employer
from logis.rules.verdict import Verdict

# The states of an application that mean "housed" (the lease is signed). The final states are built by the
# landlord/CALEOL work; until one of these names exists, nobody counts as housed.
HOUSED_STATE_NAMES = ("housed", "lease_signed")


def agreement_status(demand) -> str:
    """The employer's agreement for this demand: "none", "pending", "given" or "refused"."""
    if demand is None or demand.pk is None:
        return "none"
    status = Agreement.objects.filter(demand_id=demand.pk).values_list("status", flat=True).first()
    return status or "none"


def employer_priorities(organization) -> dict:
    """The priorities an employer configured for the cotation (empty dict when none were configured).

    Keys (all always present when the dict is not empty):
    - "permanent_contract_points" (int): points for an employee on a permanent contract (CDI); 0 when the
      employer does not favour permanent contracts.
    - "min_seniority_months" (int): seniority in the company, in months, from which "seniority_points" apply
      (seniority = months between Demand.employment_start and the day of the scoring).
    - "seniority_points" (int): points when that seniority is reached (0: seniority does not count).
    - "staff_categories" (list[str]): favoured categories of staff, codes of EmployerPriorities.StaffCategory
      ("ouvrier", "employe", "agent_maitrise", "cadre", "alternant").
    - "category_points" (int): points for an employee in one of those categories.
    """
    if organization is None:
        return {}
    priorities = EmployerPriorities.objects.filter(organization=organization).first()
    if priorities is None:
        return {}
    return {
        "permanent_contract_points": priorities.permanent_contract_points
        if priorities.permanent_contract_first
        else 0,
        "min_seniority_months": priorities.min_seniority_months,
        "seniority_points": priorities.seniority_points,
        "staff_categories": list(priorities.staff_categories),
        "category_points": priorities.category_points if priorities.staff_categories else 0,
    }


def employee_staff_category(demand) -> str:
    """The employee's category of staff as the employer's HR recorded it with its agreement ("" when unknown).

    A code of employers.models.StaffCategory, as in employer_priorities(...)["staff_categories"]: the cotation
    gives "category_points" when this code is one of them.
    """
    if demand is None or demand.pk is None:
        return ""
    return (
        Agreement.objects.filter(demand_id=demand.pk, handler=Agreement.Handler.EMPLOYER)
        .values_list("staff_category", flat=True)
        .first()
        or ""
    )


def housed_states() -> list[str]:
    values = {state.value for state in State}
    return [name for name in HOUSED_STATE_NAMES if name in values]


def employer_agreements(organization):
    """The requests the employer's HR sees, with only what the page shows."""
    return (
        Agreement.objects.for_employer(organization)
        .select_related("demand__owner")
        .only(
            "id",
            "status",
            "reason",
            "requested_at",
            "decided_at",
            "share_application_status",
            "staff_category",
            "handler",
            "employer_id",
            "demand__id",
            "demand__matricule",
            "demand__employment_start",
            "demand__owner__id",
            "demand__owner__first_name",
            "demand__owner__last_name",
            "demand__owner__email",
        )
        .order_by("-requested_at", "-pk")
    )


def application_step_for_employer(agreement) -> str | None:
    """The step of the employee's latest application, only when the employee consented; else None."""
    return application_steps_for_employer([agreement])[agreement.pk]


def application_steps_for_employer(agreements) -> dict[int, str | None]:
    """application_step_for_employer for several requests in one query (agreement pk → step or None)."""
    consented = {agreement.demand_id: agreement.pk for agreement in agreements if agreement.share_application_status}
    steps: dict[int, str | None] = {agreement.pk: None for agreement in agreements}
    steps.update({pk: "Aucune candidature pour le moment" for pk in consented.values()})
    latest = (
        Application.objects.filter(demand_id__in=consented)
        .order_by("demand_id", "-created_at", "-pk")
        .only("id", "demand_id", "state", "created_at")
    )
    seen = set()
    for application in latest:
        if application.demand_id not in seen:
            seen.add(application.demand_id)
            steps[consented[application.demand_id]] = application.state_label
    return steps


def employer_dashboard_figures(organization, *, today=None) -> dict:
    """Counts of the employer's dashboard: pending requests, employees housed this year, applications in progress.

    Housed and in-progress applications count only the employees who consented to share their application's step.
    """
    today = today or timezone.localdate()
    agreements = Agreement.objects.for_employer(organization)
    consented = agreements.filter(share_application_status=True).values("demand_id")
    applications = Application.objects.filter(demand_id__in=consented)
    housed = housed_states()
    return {
        "pending": agreements.pending().count(),
        "housed_this_year": (
            applications.filter(state__in=housed, updated_at__year=today.year).values("demand_id").distinct().count()
            if housed
            else 0
        ),
        "in_progress": applications.active().count(),
    }


def employer_verdict(organization) -> Verdict:
    """Whether this employer's staff may use the platform (headcount, agricultural sector, PEEC), explained."""
    employer = Employer(
        is_private=True,
        headcount=organization.headcount,
        is_agricultural=organization.is_agricultural,
        pays_peec=organization.pays_peec,
    )
    return Verdict.from_checks(check_employer(employer, load_parameters().platform))


def advisor_agreements():
    """The requests handled by the operator's advisors: the employer was not informed, or is not on Logis."""
    return (
        Agreement.objects.for_advisors()
        .select_related("demand__owner", "decided_by")
        .order_by("status", "requested_at", "pk")
    )
