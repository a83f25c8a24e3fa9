"""Demo data of the organisations: five landlords, six employers and the platform's operator (section
"organizations" of `manage.py load_demo`). Found by SIRET, created when missing; the other sections find them in
`ctx.shared["organizations"]` by key ("ra" is the demo agent's landlord, "lre" the HR demo account's company)."""

from dataclasses import dataclass

from stdnum import luhn
from stdnum.fr import siret as siret_check

from logis.core.demo import DemoContext, demo_section
from logis.geo.models import Commune
from logis.organizations.models import Organization


def valid_siret(n: int) -> str:
    """A SIRET whose SIREN (9 digits) and SIRET (14 digits) Luhn keys are both right (fictitious companies)."""
    siren = f"{n % 10**8:08d}"
    siren += luhn.calc_check_digit(siren)
    establishment = f"{siren}{n % 10**4:04d}"
    result = establishment + luhn.calc_check_digit(establishment)
    assert siret_check.is_valid(result), result
    return result


# --- Organisations -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    kind: str
    name: str
    seed: int
    commune: str
    headcount: int | None = None
    is_agricultural: bool = False
    pays_peec: bool = False


LANDLORDS = [
    OrganizationSpec("ra", "landlord", "Habitat Rhône-Alpes", 7_310_000_011, "69383", 640),
    OrganizationSpec("idf", "landlord", "Toits de Seine Habitat", 7_310_000_022, "75113", 910),
    OrganizationSpec("med", "landlord", "Méditerranée Garonne Logis", 7_310_000_033, "13206", 420),
    OrganizationSpec("atl", "landlord", "Atlantique Résidences", 7_310_000_044, "44109", 380),
    OrganizationSpec("nord", "landlord", "Habitat Flandres Solidaire", 7_310_000_055, "59350", 350),
]
EMPLOYERS = [
    OrganizationSpec("lre", "employer", "Logistique Rhône Express", 7_320_000_101, "69259", 1200, pays_peec=True),
    OrganizationSpec("cvs", "employer", "Clinique du Val de Seine", 7_320_000_202, "75113", 430, pays_peec=True),
    OrganizationSpec(
        "cfd", "employer", "Coopérative fruitière de la Drôme", 7_320_000_303, "26362", 85, is_agricultural=True
    ),
    OrganizationSpec("brf", "employer", "Boulangerie Roux et Fils", 7_320_000_404, "13206", 7),
    OrganizationSpec("ang", "employer", "Atelier numérique Garonne", 7_320_000_505, "31555", 38),
    OrganizationSpec("tas", "employer", "Transports Atlantique Services", 7_320_000_606, "44109", 640, pays_peec=True),
]
OPERATOR = OrganizationSpec("op", "operator", "Logis — accompagnement des salariés", 7_330_000_707, "69123", 25)


@demo_section("organizations", after=("geo",))
def load_organizations(ctx: DemoContext) -> list[str]:
    specs = [*LANDLORDS, *EMPLOYERS, OPERATOR]
    communes = Commune.objects.in_bulk([spec.commune for spec in specs])
    organizations = {}
    for spec in specs:
        organizations[spec.key], _ = Organization.objects.get_or_create(
            siret=valid_siret(spec.seed),
            defaults={
                "kind": spec.kind,
                "name": spec.name,
                "headcount": spec.headcount,
                "is_agricultural": spec.is_agricultural,
                "pays_peec": spec.pays_peec,
                "commune": communes[spec.commune],
            },
        )
    # The private side (issue #19): an estate agency an advisor has checked, and a private owner (a person).
    organizations["agence"], _ = Organization.objects.get_or_create(
        siren_number=valid_siret(7_340_000_808)[:9],
        defaults={
            "kind": Organization.Kind.AGENCY,
            "name": "Agence des Terreaux",
            "professional_card": "CPI 6901 2019 000 012 345",
            "commune": communes["69383"],
        },
    )
    organizations["proprio"], _ = Organization.objects.get_or_create(
        kind=Organization.Kind.PRIVATE_OWNER, name="Hélène Bertin", defaults={"commune": communes["69383"]}
    )
    ctx.shared["organizations"] = organizations
    return [
        f"{len(LANDLORDS)} bailleurs, {len(EMPLOYERS)} employeurs, une agence immobilière, une propriétaire "
        "particulière et l'opérateur de la plateforme."
    ]
