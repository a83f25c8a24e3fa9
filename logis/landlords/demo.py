"""Demo data of the landlord's workspace and the CALEOL (section "landlords" of `manage.py load_demo`; idempotent).

Four applicants, whose employer's agreement an advisor gave, apply to one published offer of the demo agent's
landlord: three files are validated and on the
agenda of a CALEOL session in five days, waiting for the commission's decisions (commission@logis.test); the
fourth is waiting for the agent's pre-selection (bailleur@logis.test). No e-mail leaves (demo data).
"""

import datetime as dt
import hashlib
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from logis.accounts.models import User
from logis.applications.models import Application, TransitionLog
from logis.applications.services import application_transition
from logis.applications.workflow import Role, State
from logis.commission.models import AgendaOffer, CommissionSession
from logis.commission.services import agenda_add
from logis.core.demo import DemoContext, demo_section
from logis.demands.models import Demand
from logis.demands.services import household_facts, record_snapshot
from logis.documents.models import TenantFileShare
from logis.employers.models import Agreement
from logis.geo.models import Commune
from logis.offers.models import Offer
from logis.organizations.models import Membership, Organization
from logis.registry import api as registry_api
from logis.registry import numbering
from logis.registry.models import RegisteredDemand

CANDIDATES = [
    # e-mail, first name, last name, household size, monthly resources, months since filing
    ("candidate.leroy@logis.test", "Amandine", "Leroy", 3, 2300, 26),
    ("candidat.mercier@logis.test", "Yanis", "Mercier", 2, 2050, 14),
    ("candidate.fontaine@logis.test", "Claire", "Fontaine", 1, 1650, 8),
    ("candidat.renaud@logis.test", "Mathis", "Renaud", 2, 2500, 3),
]
SESSION_PLACE = "Siège du bailleur — salle du conseil (démonstration)"


@demo_section("landlords", after=("offers", "accounts", "scoring", "employers"))
def load_landlords_section(ctx: DemoContext) -> list[str]:
    """Applications to an offer of the demo agent's landlord, three of them on the agenda of a CALEOL session."""
    return load_landlords_demo(
        landlord=ctx.shared["organizations"]["ra"],
        password=ctx.password,
        now=ctx.now,
        guichet=settings.LOGIS_REGISTRY_GUICHET,
    )


def load_landlords_demo(*, landlord: Organization, password: str, now: dt.datetime, guichet: str) -> list[str]:
    """Create what is missing; return the lines to print."""
    agent = Membership.objects.filter(organization=landlord, role=Membership.Role.AGENT, is_active=True).first()
    offer = (
        Offer.objects.filter(landlord=landlord, status=Offer.Status.PUBLISHED, reference__startswith="DEMO-")
        .select_related("commune")
        .order_by("reference")
        .first()
    )
    if agent is None or offer is None:
        return []
    agent = agent.user
    session = CommissionSession.objects.filter(landlord=landlord, place=SESSION_PLACE).first()
    if session is None:
        session = CommissionSession.objects.create(
            landlord=landlord,
            held_at=now - dt.timedelta(hours=1),  # today: the minutes may be closed once decided
            place=SESSION_PLACE,
            created_by=agent,
            created_at=now,
        )
        session.members.set(landlord.memberships.filter(role=Membership.Role.COMMISSION, is_active=True))
    applications = [
        _application(spec, offer=offer, password=password, now=now, guichet=guichet) for spec in CANDIDATES
    ]
    if not AgendaOffer.objects.filter(session=session, offer=offer).exists():
        for application in applications[:3]:
            if application.state == State.SUBMITTED.value:
                application_transition(
                    application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT, notify=False
                )
        ready = [a for a in applications[:3] if a.state == State.VALIDATED.value]
        if len(ready) == 3:
            agenda_add(session=session, offer=offer, applications=ready, by=agent, notify=False)
    lines = [
        f"Espace bailleur de {landlord.name} : 4 candidatures pour « {offer.title} » ({offer.reference}), dont 3 "
        f"à l'ordre du jour de la CALEOL du {timezone.localtime(session.held_at):%d/%m/%Y} (décisions à prendre).",
        f"Les candidats de cette offre, chacun avec son compte (mot de passe {password}) :",
    ]
    for application in applications:
        application.refresh_from_db(fields=["state"])
        owner = application.demand.owner
        lines.append(f"  {owner.email} — {owner.get_full_name()} : {application.state_label}")
    return lines


def _application(spec, *, offer, password, now, guichet) -> Application:
    email, first_name, last_name, size, resources, months = spec
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name, kind=User.Kind.APPLICANT
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    demand = Demand.objects.filter(owner=user).first()
    if demand is None:
        record = _register_demand(spec, commune=offer.commune, now=now, guichet=guichet)
        demand = Demand.objects.create(
            owner=user,
            numero_unique=record.numero_unique,
            imported_at=now,
            refreshed_at=now,
            expires_on=record.expires_on,
            register_status=record.status,
            household_size=size,
            reference_income=record.rfr_n2,
            monthly_resources=record.monthly_resources_total,
            workplace_commune_id=record.workplace_insee or None,
            wished_communes=list(record.wished_communes),
            wished_typologies=list(record.wished_typologies),
            wished_kind=record.wished_kind,
            max_rent=record.max_rent,
            snapshot=record_snapshot(record),
            household=household_facts(record),  # the one record of the household
            employer_name=record.employer_name,
            information_completed_at=now,
        )
    # The landlord validates a file only once the employer's agreement is given: these employees do not inform
    # their employer, and an advisor gave it.
    Agreement.objects.get_or_create(
        demand=demand,
        defaults={
            "handler": Agreement.Handler.ADVISOR,
            "status": Agreement.Status.GIVEN,
            "requested_at": now,
            "decided_at": now,
        },
    )
    application = Application.objects.filter(demand=demand, offer=offer).first()
    if application is None:
        application = Application.objects.create(
            demand=demand, offer=offer, state=State.SUBMITTED.value, created_at=now, updated_at=now
        )
        TransitionLog.objects.create(
            application=application,
            transition="submit",
            from_state="",
            to_state=State.SUBMITTED.value,
            by=user,
            at=now,
        )
    return application


def _register_demand(spec, *, commune, now, guichet) -> registry_api.DemandRecord:
    email, first_name, last_name, size, resources, months = spec
    existing = RegisteredDemand.objects.filter(email=email).first()
    if existing is None:
        filed_at = now - dt.timedelta(days=30 * months)
        territory = numbering.territory_for(departement=commune.departement, region=commune.region)
        existing = RegisteredDemand.objects.create(
            numero_unique=numbering.issue(territory=territory, filed_at=filed_at, guichet=guichet),
            filed_at=filed_at,
            expires_on=timezone.localdate(now) + dt.timedelta(days=200),
            guichet=guichet,
            civility="M" if first_name in ("Yanis", "Mathis") else "MME",
            last_name=last_name,
            first_name=first_name,
            birth_date=dt.date(1987, 4, 9),
            nationality="FR",
            email=email,
            phone="0601020304",
            address="3 rue des Lilas",
            postal_code=commune.postal_code,
            commune=commune,
            family_situation="celibataire",
            profession="Agente administrative",
            contract_type="CDI",
            employer_name="Entreprise de démonstration",
            employer_siret="",
            workplace_commune=commune,
            rfr_n2=resources * 11,
            rfr_n1=resources * 11,
            monthly_resources=[{"code": "SAL", "amount": resources}],
            current_housing="locataire_prive",
            current_rent=700,
            current_occupants=size,
            current_surface=35,
            reasons=["trop_cher"],
            wished_communes=[commune.insee],
            wished_typologies=["T2", "T3", "T4"],
            max_rent=900,
        )
    return registry_api.find_demand(existing.numero_unique)


# --- the private side (issue #19) ---------------------------------------------------------------------------

PRIVATE_OFFERS = [
    # key, landlord, reference, title, commune, rooms, surface, rent, charges, furnished, financing, deposit, fees
    (
        "t2",
        "agence",
        "DEMO-PRIV-1",
        "T2 meublé près de la Part-Dieu",
        "69383",
        2,
        "42",
        "780",
        "70",
        True,
        "FREE",
        "1560",
        ("420", "126"),
    ),
    (
        "t3",
        "agence",
        "DEMO-PRIV-2",
        "T3 à loyer intermédiaire, Lyon 3e",
        "69383",
        3,
        "61",
        "850",
        "95",
        False,
        "LLI",
        "850",
        ("600", "183"),
    ),
    (
        "maison",
        "proprio",
        "DEMO-PRIV-3",
        "T2 avec jardin chez une propriétaire",
        "69259",
        2,
        "45",
        "690",
        "40",
        False,
        "FREE",
        "690",
        ("0", "0"),
    ),
]
# Deterministic, published: the demo prints the link the applicant shared, for the agency to open.
DEMO_SHARE_TOKEN = "demo-dossier-locataire-renaud"  # noqa: S105 - demo data, printed by load_demo


@demo_section("private_lettings", after=("landlords", "accounts"))
def load_private_lettings(ctx: DemoContext) -> list[str]:
    """An estate agency and a private owner with offers; an applicant who shared their tenant file with the agency;
    a tenant the private owner chose (proposed, accepted, visit, lease). No e-mail leaves."""
    organizations = ctx.shared["organizations"]
    now = ctx.now
    offers = {}
    for (
        key,
        lessor,
        reference,
        title,
        insee,
        rooms,
        surface,
        rent,
        charges,
        furnished,
        financing,
        deposit,
        fees,
    ) in PRIVATE_OFFERS:
        commune = Commune.objects.get(insee=insee)
        offers[key], _ = Offer.objects.get_or_create(
            reference=reference,
            defaults={
                "landlord": organizations[lessor],
                "channel": "private",
                "title": title,
                "status": Offer.Status.PUBLISHED,
                "financing": financing,
                "kind": Offer.Kind.FLAT,
                "typology": f"T{rooms}",
                "surface": Decimal(surface),
                "rooms": rooms,
                "bedrooms": rooms - 1,
                "rent": Decimal(rent),
                "charges": Decimal(charges),
                "furnished": furnished,
                "deposit": Decimal(deposit),
                "tenant_fees": Decimal(fees[0]),
                "inventory_fee": Decimal(fees[1]),
                "commune": commune,
                "address": "Adresse communiquée à la visite",
                "lat": commune.lat,
                "lng": commune.lng,
                "available_on": timezone.localdate(now) + dt.timedelta(days=21),
                "energy_class": "D",
                "description": "Offre de démonstration du parc privé.",
                "published_at": now,
            },
        )
    renaud = Demand.objects.filter(owner__email="candidat.renaud@logis.test").first()
    mercier = Demand.objects.filter(owner__email="candidat.mercier@logis.test").first()
    if renaud is None or mercier is None:
        return []
    # Mathis Renaud follows two private offers and a social one at once, and shares his file with the agency.
    for key in ("t2", "t3"):
        _private_application(renaud, offers[key], now=now)
    token_hash = hashlib.sha256(DEMO_SHARE_TOKEN.encode()).hexdigest()
    if not TenantFileShare.objects.filter(token_hash=token_hash).exists():
        TenantFileShare.objects.filter(demand=renaud, revoked_at__isnull=True).update(revoked_at=now)
        TenantFileShare.objects.create(
            demand=renaud,
            organization=organizations["agence"],
            token_hash=token_hash,
            created_at=now,
            expires_at=now + dt.timedelta(days=30),
        )
    # Yanis Mercier is the tenant the private owner chose: home proposed, accepted, visit, lease signed.
    chosen = _private_application(mercier, offers["maison"], now=now)
    owner = Membership.objects.filter(organization=organizations["proprio"], role=Membership.Role.AGENT).first()
    if owner is not None and chosen.state == State.SUBMITTED.value:
        for name, kwargs in (
            ("propose", {"answer_days": 5}),
            ("accept", {}),
            ("schedule_visit", {"comment": "Visite faite avec la propriétaire (démonstration)."}),
            ("sign_lease", {"comment": "Bail signé (démonstration)."}),
        ):
            by, role = (mercier.owner, Role.APPLICANT) if name == "accept" else (owner.user, Role.LANDLORD_AGENT)
            application_transition(application=chosen, name=name, by=by, role=role, notify=False, now=now, **kwargs)
    site = settings.SITE_URL.rstrip("/")
    return [
        "Parc privé : 3 offres (Agence des Terreaux, Hélène Bertin) ; Mathis Renaud suit 2 offres privées",
        "  et 1 sociale,",
        f"  il a partagé son dossier locataire avec l'agence : {site}/dossier-locataire/{DEMO_SHARE_TOKEN}/",
        "  (agence@logis.test) ; Yanis Mercier est le locataire choisi par la propriétaire (bail signé).",
    ]


def _private_application(demand, offer, *, now) -> Application:
    application = Application.objects.filter(demand=demand, offer=offer).first()
    if application is None:
        application = Application.objects.create(
            demand=demand, offer=offer, channel="private", state=State.SUBMITTED.value, created_at=now, updated_at=now
        )
        TransitionLog.objects.create(
            application=application,
            transition="submit",
            from_state="",
            to_state=State.SUBMITTED.value,
            by=demand.owner,
            at=now,
        )
    return application
