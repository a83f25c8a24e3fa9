"""The narrow interface between the platform and the national demand register.

This module is the only entry point the rest of the platform uses. A real SNE connector replaces the
implementation behind these functions without touching their callers. It returns plain frozen dataclasses,
never models of the register.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from logis.notifications.email import send_email_on_commit
from logis.registry.models import RegisteredDemand
from logis.registry.numbering import normalize


@dataclass(frozen=True)
class HouseholdMemberRecord:
    first_name: str
    last_name: str
    birth_date: date
    relation: str
    relation_label: str
    is_dependent: bool
    has_disability: bool
    alternating_custody: bool = False


@dataclass(frozen=True)
class DemandRecord:
    """A demand as the register exposes it (CERFA 14069*05 content)."""

    numero_unique: str
    status: str
    filed_at: datetime
    expires_on: date
    civility: str
    last_name: str
    first_name: str
    birth_date: date
    nationality: str
    residence_permit_expires_on: date | None
    email: str
    phone: str
    address: str
    postal_code: str
    commune_insee: str
    commune_name: str
    family_situation: str
    expected_births: int
    profession: str
    contract_type: str
    employer_name: str
    employer_siret: str
    workplace_insee: str | None
    rfr_n2: int
    rfr_n1: int | None
    monthly_resources: tuple[tuple[str, int], ...]
    current_housing: str
    current_rent: int | None
    current_occupants: int
    current_surface: int | None
    reasons: tuple[str, ...]
    wished_communes: tuple[str, ...]
    wished_typologies: tuple[str, ...]
    wished_kind: str
    max_rent: int | None
    accessibility_needed: bool
    accessibility_details: str
    applicant_has_disability: bool
    members: tuple[HouseholdMemberRecord, ...] = field(default_factory=tuple)

    @property
    def household_size(self) -> int:
        return 1 + len(self.members)

    @property
    def monthly_resources_total(self) -> int:
        return sum(amount for _code, amount in self.monthly_resources)


def mask_email(email: str) -> str:
    """j•••••@e•••••.fr: enough for the person to recognise the address, not enough to learn it."""
    local, _, domain = email.partition("@")
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}{'•' * max(len(local) - 1, 3)}@{host[:1]}{'•' * max(len(host) - 1, 3)}.{tld}"


def _to_record(demand: RegisteredDemand) -> DemandRecord:
    return DemandRecord(
        numero_unique=demand.numero_unique,
        status=demand.status,
        filed_at=demand.filed_at,
        expires_on=demand.expires_on,
        civility=demand.civility,
        last_name=demand.last_name,
        first_name=demand.first_name,
        birth_date=demand.birth_date,
        nationality=demand.nationality,
        residence_permit_expires_on=demand.residence_permit_expires_on,
        email=demand.email,
        phone=demand.phone,
        address=demand.address,
        postal_code=demand.postal_code,
        commune_insee=demand.commune_id,
        commune_name=demand.commune.name,
        family_situation=demand.family_situation,
        expected_births=demand.expected_births,
        profession=demand.profession,
        contract_type=demand.contract_type,
        employer_name=demand.employer_name,
        employer_siret=demand.employer_siret,
        workplace_insee=demand.workplace_commune_id,
        rfr_n2=demand.rfr_n2,
        rfr_n1=demand.rfr_n1,
        monthly_resources=tuple((r["code"], int(r["amount"])) for r in demand.monthly_resources),
        current_housing=demand.current_housing,
        current_rent=demand.current_rent,
        current_occupants=demand.current_occupants,
        current_surface=demand.current_surface,
        reasons=tuple(demand.reasons),
        wished_communes=tuple(demand.wished_communes),
        wished_typologies=tuple(demand.wished_typologies),
        wished_kind=demand.wished_kind,
        max_rent=demand.max_rent,
        accessibility_needed=demand.accessibility_needed,
        accessibility_details=demand.accessibility_details,
        applicant_has_disability=demand.applicant_has_disability,
        members=tuple(
            HouseholdMemberRecord(
                first_name=m.first_name,
                last_name=m.last_name,
                birth_date=m.birth_date,
                relation=m.relation,
                relation_label=m.get_relation_display(),
                is_dependent=m.is_dependent,
                has_disability=m.has_disability,
                alternating_custody=m.alternating_custody,
            )
            for m in demand.members.all()
        ),
    )


def find_demand(numero_unique: str) -> DemandRecord | None:
    """The demand with this numéro unique, or None. Accepts the number with spaces or in lower case."""
    demand = (
        RegisteredDemand.objects.select_related("commune")
        .prefetch_related("members")
        .filter(numero_unique=normalize(numero_unique))
        .first()
    )
    return _to_record(demand) if demand else None


def send_security_code(numero_unique: str, code: str, *, for_user=None, key: str | None = None) -> str:
    """E-mail `code` to the address of the demand (after commit); return the masked address.

    The platform never learns the address from this call: it only shows the masked form to the person.
    `for_user` is the account that asked (the platform counts the codes delivered for it), `key` the event.
    Raises LookupError when the number is unknown.
    """
    demand = RegisteredDemand.objects.filter(numero_unique=normalize(numero_unique)).first()
    if demand is None:
        raise LookupError(numero_unique)
    send_email_on_commit(
        "registry_security_code",
        to=demand.email,
        key=key,
        user=for_user,
        context={"code": code, "numero_unique": demand.numero_unique, "first_name": demand.first_name},
    )
    return mask_email(demand.email)


def mark_attributed(numero_unique: str) -> None:
    """The demand found a home (lease signed): the register radiates it for attribution."""
    RegisteredDemand.objects.filter(numero_unique=normalize(numero_unique)).update(
        status=RegisteredDemand.Status.ATTRIBUTED
    )
