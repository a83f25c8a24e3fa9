"""Shared factories. Traits name business situations; app-specific factories live beside their tests."""

import datetime as dt
import time
from decimal import Decimal

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from logis.accounts.models import User
from logis.applications import workflow
from logis.applications.models import Application, TransitionLog
from logis.demands.models import Demand
from logis.employers.models import Agreement
from logis.geo.models import Commune
from logis.offers.models import Offer
from logis.organizations.demo import valid_siret  # a SIRET with both check digits right (fictitious)
from logis.organizations.models import Membership, Organization
from logis.organizations.roles import is_professional
from logis.registry.models import RegisteredDemand, RegisteredHouseholdMember

PASSWORD = "motdepasse-de-test-42"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee",)

    insee = "69123"
    name = "Lyon"
    departement = "69"
    region = "84"
    postal_code = "69001"
    lat = 45.758
    lng = 4.835
    population = 520000

    class Params:
        paris = factory.Trait(
            insee="75056", name="Paris", departement="75", region="11", postal_code="75001", lat=48.8566, lng=2.3522
        )
        villeurbanne = factory.Trait(
            insee="69266",
            name="Villeurbanne",
            departement="69",
            region="84",
            postal_code="69100",
            lat=45.7719,
            lng=4.8902,
        )
        grenoble = factory.Trait(
            insee="38185",
            name="Grenoble",
            departement="38",
            region="84",
            postal_code="38000",
            lat=45.1885,
            lng=5.7245,
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = "Martin"
    kind = User.Kind.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _verified(obj, create, extracted, **kwargs):
        """allauth needs a verified EmailAddress for a mandatory-verification login."""
        if create:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Professionals and the Logis team get their mandatory second factor (unless mfa=False)."""
        wanted = extracted if extracted is not None else is_professional(obj)
        if create and wanted and not Authenticator.objects.filter(user=obj, type="totp").exists():
            add_mfa(obj)


# Every professional (and member of the Logis team) made by the factories has a second factor, as the platform
# requires (logis.accounts.mfa): an application code with this secret, and recovery codes. `totp_code()` gives the
# current code, for the tests that sign in through the form. `UserFactory(mfa=False)` makes one without it.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TEST_TOTP_SECRET, *, user=None) -> str:
    """The current code of `secret`. With `user`: a code of the accepted window (settings.MFA_TOTP_TOLERANCE) that
    this user has not used yet (allauth refuses a code twice), for a test that signs the same person in twice."""
    counter = int(time.time()) // 30
    if user is None:
        return format_hotp_value(hotp_value(secret, counter))
    for step in (0, 1, -1):
        code = format_hotp_value(hotp_value(secret, counter + step))
        if cache.get(f"allauth.mfa.totp.used?user={user.pk}&code={code}") is None:
            return code
    raise AssertionError("every code of the window is used: wait 30 seconds")


def add_mfa(user, secret: str = TEST_TOTP_SECRET) -> None:
    """Give `user` an application code (TOTP) and recovery codes, as the set-up page would."""
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.EMPLOYER
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: valid_siret(4_000_000_000 + n))
    headcount = 250
    is_agricultural = False
    pays_peec = True

    class Params:
        landlord = factory.Trait(kind=Organization.Kind.LANDLORD, name=factory.Sequence(lambda n: f"Habitat {n}"))
        # An estate agency an advisor has checked (`awaiting_verification=True` for one that waits).
        agency = factory.Trait(
            kind=Organization.Kind.AGENCY,
            name=factory.Sequence(lambda n: f"Agence du Centre {n}"),
            siret=None,
            siren_number=factory.Sequence(lambda n: valid_siret(4_100_000_000 + n)[:9]),
            professional_card=factory.Sequence(lambda n: f"CPI 6901 2019 000 {n // 1000 % 1000:03d} {n % 1000:03d}"),
            headcount=None,
        )
        private_owner = factory.Trait(
            kind=Organization.Kind.PRIVATE_OWNER,
            name=factory.Sequence(lambda n: f"Claire Fontaine {n}"),
            siret=None,
            headcount=None,
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, kind=User.Kind.PROFESSIONAL)
    organization = factory.SubFactory(OrganizationFactory, landlord=True)
    role = Membership.Role.AGENT


def logis_team_member(role, *, operator=None, **user_fields):
    """A member of the Logis team: a membership of the operator (made if not given) with `role`; user_fields
    (email, first_name, last_name) name the person."""
    operator = operator or OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — équipe")
    return MembershipFactory(
        organization=operator, role=role, **{f"user__{name}": value for name, value in user_fields.items()}
    ).user


class RegisteredDemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredDemand

    numero_unique = factory.Sequence(lambda n: f"069{timezone.localdate():%m%y}{n + 1:06d}G0001")
    filed_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    guichet = "G0001"
    civility = "MME"
    last_name = "Martin"
    first_name = "Camille"
    birth_date = dt.date(1990, 5, 17)
    nationality = "FR"
    email = factory.Sequence(lambda n: f"demande{n}@exemple.fr")
    phone = "0612345678"
    address = "12 rue de la République"
    postal_code = "69001"
    commune = factory.SubFactory(CommuneFactory)
    family_situation = "celibataire"
    profession = "Technicienne"
    contract_type = "CDI"
    employer_name = "Entreprise Exemple"
    employer_siret = ""
    workplace_commune = factory.SelfAttribute("commune")
    rfr_n2 = 24000
    rfr_n1 = 25000
    monthly_resources = factory.LazyFunction(lambda: [{"code": "SAL", "amount": 2100}])
    current_housing = "locataire_prive"
    current_rent = 750
    current_occupants = 1
    current_surface = 28
    reasons = factory.LazyFunction(lambda: ["trop_cher", "rapprochement_travail"])
    wished_communes = factory.LazyFunction(lambda: ["69123"])
    wished_typologies = factory.LazyFunction(lambda: ["T2", "T3"])
    wished_kind = "any"
    max_rent = 800
    accessibility_needed = False

    class Params:
        expired = factory.Trait(expires_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1)))


class RegisteredHouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredHouseholdMember

    demand = factory.SubFactory(RegisteredDemandFactory)
    first_name = "Léa"
    last_name = "Martin"
    birth_date = dt.date(2015, 3, 2)
    relation = "enfant"
    is_dependent = True


class DemandFactory(factory.django.DjangoModelFactory):
    """A demand already imported into an account ("Ma situation" done)."""

    class Meta:
        model = Demand

    owner = factory.SubFactory(UserFactory)
    numero_unique = factory.Sequence(lambda n: f"069{timezone.localdate():%m%y}{n + 500000:06d}G0001")
    imported_at = factory.LazyFunction(timezone.now)
    refreshed_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    household_size = 2  # a couple: the default offer (a T3, 615 € a month) suits it (logis.rules)
    reference_income = 24000
    monthly_resources = 2100
    workplace_commune = factory.SubFactory(CommuneFactory)
    wished_communes = factory.LazyFunction(lambda: ["69123"])
    wished_typologies = factory.LazyFunction(lambda: ["T2", "T3"])
    max_rent = 800

    class Params:
        with_information = factory.Trait(
            employer_name="Entreprise Exemple",
            employer_siret=factory.LazyFunction(lambda: valid_siret(4_100_000_000)),
            matricule="A1234",
            employment_start=dt.date(2020, 1, 6),
            inform_employer=True,
            information_completed_at=factory.LazyFunction(timezone.now),
        )


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    landlord = factory.SubFactory(OrganizationFactory, landlord=True)
    reference = factory.Sequence(lambda n: f"OFF-{n:06d}")
    title = "T3 lumineux avec balcon"
    status = Offer.Status.PUBLISHED
    financing = "PLUS"
    kind = Offer.Kind.FLAT
    typology = "T3"
    surface = Decimal("64.50")
    rooms = 3
    bedrooms = 2
    floor = 2
    has_lift = True
    is_accessible = False
    rent = Decimal("520.00")
    charges = Decimal("95.00")
    commune = factory.SubFactory(CommuneFactory)
    address = "5 avenue des Tilleuls"
    lat = factory.SelfAttribute("commune.lat")
    lng = factory.SelfAttribute("commune.lng")
    available_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    energy_class = "C"
    description = "Logement rénové, proche des transports."
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        # A private letting at a free rent, let by an estate agency an advisor has checked (issue #19).
        private = factory.Trait(
            landlord=factory.SubFactory(OrganizationFactory, agency=True),
            channel="private",
            financing="FREE",
            rent=Decimal("690.00"),
            charges=Decimal("60.00"),
            deposit=Decimal("690.00"),
            tenant_fees=Decimal("300.00"),
            inventory_fee=Decimal("150.00"),
        )


# The path of the workflow table that leads to each situation, from "submit" (its history, one log row a step).
PATHS = {
    "validated_by_landlord": ("validate",),
    "set_aside_by_landlord": ("set_aside",),
    "on_the_commission_agenda": ("validate", "schedule"),
    "ranked_by_the_commission": ("validate", "schedule", "rank"),
    "attributed_under_condition": ("validate", "schedule", "attribute_conditionally"),
    "offered": ("validate", "schedule", "attribute"),
    "accepted_by_the_applicant": ("validate", "schedule", "attribute", "accept"),
    "visit_scheduled": ("validate", "schedule", "attribute", "accept", "schedule_visit"),
    "lease_signed": ("validate", "schedule", "attribute", "accept", "schedule_visit", "sign_lease"),
    "refused_by_the_applicant": ("validate", "schedule", "attribute", "refuse"),
    "withdrawn_by_the_applicant": ("withdraw",),
}


def _target(path: tuple[str, ...]) -> str:
    return workflow.get_transition(path[-1]).target.value


def _write_history(application: Application, path: tuple[str, ...]) -> None:
    steps = [workflow.SUBMIT, *(workflow.get_transition(name) for name in path)]
    start = application.created_at - dt.timedelta(days=len(steps))
    rows, state = [], ""
    for index, step in enumerate(steps):
        rows.append(
            TransitionLog(
                application=application,
                transition=step.name,
                from_state=state,
                to_state=step.target.value,
                at=start + dt.timedelta(days=index),
                comment="Motif" if step.needs_comment else "",
            )
        )
        state = step.target.value
    TransitionLog.objects.bulk_create(rows)


def _situation(name: str, **extra) -> factory.Trait:
    """A Trait that puts the application at the end of `PATHS[name]`, with that history in its log."""
    path = PATHS[name]

    def history(application, create, extracted, **kwargs):
        if create:
            _write_history(application, path)

    return factory.Trait(state=_target(path), history=factory.PostGeneration(history), **extra)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application; Traits name where it stands: `ApplicationFactory(validated_by_landlord=True)`,
    `ApplicationFactory(offered=True)` (with its answer deadline), `ApplicationFactory(lease_signed=True)`... A Trait
    also writes the history that leads there (TransitionLog rows, one day apart, by nobody in particular); a bare
    `state=` writes none."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        validated_by_landlord = _situation("validated_by_landlord")
        set_aside_by_landlord = _situation("set_aside_by_landlord")
        on_the_commission_agenda = _situation("on_the_commission_agenda")
        ranked_by_the_commission = _situation("ranked_by_the_commission")
        attributed_under_condition = _situation("attributed_under_condition")
        offered = _situation(
            "offered", answer_deadline=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
        )
        accepted_by_the_applicant = _situation("accepted_by_the_applicant")
        visit_scheduled = _situation("visit_scheduled")
        lease_signed = _situation("lease_signed")
        refused_by_the_applicant = _situation("refused_by_the_applicant")
        withdrawn_by_the_applicant = _situation("withdrawn_by_the_applicant")
        # The landlord may validate a file only once the employer's agreement is given (issue #15): an application
        # in the workflow has it, unless the situation says otherwise.
        agreement_pending = factory.Trait(employer_agreement__status=Agreement.Status.PENDING)
        agreement_refused = factory.Trait(employer_agreement__status=Agreement.Status.REFUSED)

    demand = factory.SubFactory(DemandFactory, with_information=True)
    offer = factory.SubFactory(OfferFactory)
    channel = factory.SelfAttribute("offer.channel")
    state = "submitted"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def employer_agreement(obj, create, extracted, **kwargs):
        """The demand's agreement (given by default; `employer_agreement="none"`: no request; the traits say
        pending or refused), unless the demand already has one."""
        status = extracted or kwargs.get("status") or Agreement.Status.GIVEN
        if not create or status == "none":
            return
        demand = obj.demand
        by_employer = bool(demand.inform_employer and demand.employer_id)
        Agreement.objects.get_or_create(
            demand=demand,
            defaults={
                "handler": Agreement.Handler.EMPLOYER if by_employer else Agreement.Handler.ADVISOR,
                "employer_id": demand.employer_id if by_employer else None,
                "status": status,
                "requested_at": obj.created_at,
                "decided_at": None if status == Agreement.Status.PENDING else obj.created_at,
                "reason": "Matricule inconnu" if status == Agreement.Status.REFUSED else "",
            },
        )


def set_up_mfa_through_the_page(client) -> str:
    """A signed-in professional sets up the application code on allauth's page, as a person would (scanning the QR
    code). Returns the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302, done.content.decode()[:2000]
    return secret
