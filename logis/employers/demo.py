"""Demo data of the employers' space (section "employers" of `manage.py load_demo`; idempotent).

Two employees of the HR demo account's company have imported their demand and filled in "Les informations": one
informs the employer (a pending request in the employer's space), the other does not (a pending request in the
advisors' queue). The company has priorities set for the cotation.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from logis.accounts.models import User
from logis.core.demo import DemoContext, demo_section
from logis.demands.models import Demand
from logis.demands.services import household_facts, record_snapshot
from logis.employers.models import EmployerPriorities
from logis.employers.services import agreement_request
from logis.geo.models import Commune
from logis.organizations.models import Organization
from logis.registry import api as registry_api
from logis.registry import numbering
from logis.registry.models import RegisteredDemand

EMPLOYEES = [
    # e-mail, first name, last name, matricule, entry date, inform the employer
    ("salarie@logis.test", "Karim", "Benali", "LRE-2291", dt.date(2019, 3, 4), True),
    ("salarie.discret@logis.test", "Julie", "Perrin", "LRE-3107", dt.date(2022, 9, 12), False),
]
HOME = "69259"  # Vénissieux
WORKPLACE = "69123"  # Lyon


@demo_section("employers", after=("organizations", "accounts", "registry"))
def load_employers_section(ctx: DemoContext) -> list[str]:
    """Employees of the HR demo account's company with pending agreements."""
    return load_employers_demo(
        employer=ctx.shared["organizations"]["lre"],
        password=ctx.password,
        now=ctx.now,
        guichet=settings.LOGIS_REGISTRY_GUICHET,
    )


def load_employers_demo(*, employer: Organization, password: str, now: dt.datetime, guichet: str) -> list[str]:
    """Create what is missing; return the lines to print."""
    communes = Commune.objects.in_bulk([HOME, WORKPLACE])
    for email, first_name, last_name, matricule, start, inform in EMPLOYEES:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=password, first_name=first_name, last_name=last_name, kind=User.Kind.APPLICANT
            )
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if Demand.objects.filter(owner=user).exists():
            continue
        record = _register_demand(
            email=email,
            first_name=first_name,
            last_name=last_name,
            employer=employer,
            communes=communes,
            now=now,
            guichet=guichet,
        )
        demand = Demand.objects.create(
            owner=user,
            numero_unique=record.numero_unique,
            imported_at=now,
            refreshed_at=now,
            expires_on=record.expires_on,
            register_status=record.status,
            household_size=record.household_size,
            reference_income=record.rfr_n2,
            monthly_resources=record.monthly_resources_total,
            workplace_commune_id=record.workplace_insee or None,
            wished_communes=list(record.wished_communes),
            wished_typologies=list(record.wished_typologies),
            wished_kind=record.wished_kind,
            max_rent=record.max_rent,
            snapshot=record_snapshot(record),
            household=household_facts(record),  # the one record of the household
        )
        # "Les informations" as the applicant's form saves them, without the e-mails (demo data sends none).
        demand.employer = employer
        demand.employer_name = employer.name
        demand.employer_siret = employer.siret
        demand.matricule = matricule
        demand.employment_start = start
        demand.inform_employer = inform
        demand.information_completed_at = now
        demand.save()
        agreement_request(demand=demand, now=now, notify=False)
    EmployerPriorities.objects.get_or_create(
        organization=employer,
        defaults={
            "permanent_contract_first": True,
            "permanent_contract_points": 20,
            "min_seniority_months": 12,
            "seniority_points": 10,
            "staff_categories": [EmployerPriorities.StaffCategory.WORKER, EmployerPriorities.StaffCategory.EMPLOYEE],
            "category_points": 5,
            "updated_at": now,
        },
    )
    return [
        f"Espace entreprise de {employer.name} : une demande d'accord en attente ({EMPLOYEES[0][0]}) ;",
        f"file des conseillers : une demande d'un salarié qui n'informe pas son employeur ({EMPLOYEES[1][0]}).",
    ]


def _register_demand(*, email, first_name, last_name, employer, communes, now, guichet) -> registry_api.DemandRecord:
    existing = RegisteredDemand.objects.filter(email=email).first()
    if existing is None:
        filed_at = now - dt.timedelta(days=90)
        workplace = communes[WORKPLACE]
        territory = numbering.territory_for(departement=workplace.departement, region=workplace.region)
        existing = RegisteredDemand.objects.create(
            numero_unique=numbering.issue(territory=territory, filed_at=filed_at, guichet=guichet),
            filed_at=filed_at,
            expires_on=timezone.localdate(filed_at) + dt.timedelta(days=365),
            guichet=guichet,
            civility="M" if first_name == "Karim" else "MME",
            last_name=last_name,
            first_name=first_name,
            birth_date=dt.date(1988, 6, 21),
            nationality="FR",
            email=email,
            phone="0601020304",
            address="8 avenue Jean-Jaurès",
            postal_code=communes[HOME].postal_code,
            commune=communes[HOME],
            family_situation="celibataire",
            profession="Préparateur de commandes",
            contract_type="CDI",
            employer_name=employer.name,
            employer_siret=employer.siret,
            workplace_commune=workplace,
            rfr_n2=19800,
            rfr_n1=20500,
            monthly_resources=[{"code": "SAL", "amount": 1750}],
            current_housing="locataire_prive",
            current_rent=690,
            current_occupants=1,
            current_surface=30,
            reasons=["rapprochement_travail"],
            wished_communes=[WORKPLACE],
            wished_typologies=["T2"],
            max_rent=650,
        )
    return registry_api.find_demand(existing.numero_unique)
