"""Demo data: communes, landlords and their offers, employers, one account per role and demands in the register.

Idempotent (a second run creates and changes nothing) and deterministic (fixed random seed): objects are found by
a natural key (SIRET, offer reference, e-mail) and only created when missing.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import cos, radians
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from stdnum import luhn
from stdnum.fr import siret as siret_check

from logis.accounts.models import User
from logis.eligibility.demo import load_eligibility_demo
from logis.employers.demo import load_employers_demo
from logis.geo.loading import COMMUNES_FILE
from logis.geo.models import Commune
from logis.landlords.demo import load_landlords_demo
from logis.offers.models import Offer
from logis.organizations.models import Membership, Organization
from logis.registry import numbering
from logis.registry.models import RegisteredDemand, RegisteredHouseholdMember
from logis.scoring.services import grid_version_ensure_default

SEED = 20240705
DEMO_PASSWORD = "logis-demo-2025"  # noqa: S105 - published demo password, printed at the end
AGENT_GROUP = "Chargés de clientèle bailleur"
AGENT_PERMISSIONS = [
    ("offers", "add_offer"),
    ("offers", "change_offer"),
    ("offers", "view_offer"),
    ("geo", "view_commune"),
]


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


# --- Offers --------------------------------------------------------------------------------------------------

# Rent per m² (hors charges) by zone and financing; charges per m².
RENT_PER_M2 = {
    "paris": {"PLAI": (10.0, 11.0), "PLUS": (11.0, 12.5), "PLS": (12.5, 14.0), "LLI": (18.0, 22.0)},
    "big": {"PLAI": (6.0, 7.0), "PLUS": (7.0, 8.0), "PLS": (8.0, 9.0), "LLI": (11.0, 15.0)},
    "small": {"PLAI": (5.0, 5.6), "PLUS": (5.5, 6.3), "PLS": (6.2, 7.0), "LLI": (7.5, 9.5)},
}
SURFACES = {"T1": (25, 32), "T2": (40, 50), "T3": (60, 70), "T4": (75, 85), "T5": (90, 105)}
TYPOLOGY_WEIGHTS = {"T1": 12, "T2": 28, "T3": 32, "T4": 20, "T5": 8}
FINANCING_WEIGHTS = {"PLAI": 18, "PLUS": 40, "PLS": 15, "LLI": 27}
ENERGY_WEIGHTS = {"A": 3, "B": 12, "C": 30, "D": 30, "E": 15, "F": 7, "G": 3}

PARIS_ARRONDISSEMENTS = [f"751{n:02d}" for n in range(10, 21)]
PETITE_COURONNE = [
    "93048",  # Montreuil
    "93066",  # Saint-Denis
    "92012",  # Boulogne-Billancourt
    "94081",  # Vitry-sur-Seine
    "92050",  # Nanterre
    "94028",  # Créteil
    "94041",  # Ivry-sur-Seine
    "93001",  # Aubervilliers
    "92040",  # Issy-les-Moulineaux
    "93008",  # Bobigny
    "92025",  # Colombes
]


@dataclass(frozen=True)
class Area:
    key: str
    zone: str
    landlord: str
    count: int
    communes: tuple[str, ...]
    spread_km: float = 1.5


AREAS = [
    Area("PAR", "paris", "idf", 95, tuple(PARIS_ARRONDISSEMENTS + PETITE_COURONNE), 1.0),
    Area("LYO", "big", "ra", 60, (*(f"6938{n}" for n in range(1, 10)), "69266", "69259", "69029", "69256"), 1.0),
    Area("MRS", "big", "med", 35, tuple(f"132{n:02d}" for n in range(1, 17))),
    Area("TLS", "big", "med", 30, ("31555", "31555", "31149", "31069"), 2.5),
    Area("BDX", "big", "atl", 30, ("33063", "33063", "33281", "33318", "33039"), 2.0),
    Area("LIL", "big", "nord", 30, ("59350", "59350", "59512", "59599", "59009"), 1.8),
    Area("NTE", "big", "atl", 25, ("44109", "44109", "44162", "44143"), 2.5),
    Area("VAL", "small", "ra", 9, ("26362",), 2.0),
    Area("ANN", "small", "ra", 8, ("74010",), 2.5),
    Area("BRV", "small", "atl", 8, ("19031",), 2.0),
]
DRAFTS = 6  # draft offers of Habitat Rhône-Alpes, visible in the admin only

FLAT_WORDS = ["lumineux", "rénové", "traversant", "au calme", "neuf", "spacieux", "avec vue dégagée"]
FLAT_FEATURES = [
    "avec balcon",
    "proche des transports",
    "avec cave",
    "avec place de parking",
    "proche des commerces",
    "avec loggia",
    "proche des écoles",
    "en résidence arborée",
]
HOUSE_FEATURES = ["avec jardin", "mitoyenne avec garage", "avec terrasse et jardinet", "de plain-pied avec jardin"]
STREETS = [
    "rue Victor-Hugo",
    "avenue Jean-Jaurès",
    "rue de la République",
    "boulevard Pasteur",
    "rue des Lilas",
    "allée des Tilleuls",
    "rue Jules-Ferry",
    "avenue de la Libération",
    "rue du Moulin",
    "rue Émile-Zola",
    "chemin des Vignes",
    "rue Voltaire",
    "rue Gambetta",
    "rue des Écoles",
    "impasse des Peupliers",
    "rue Pierre-et-Marie-Curie",
]
HEATING = ["Chauffage collectif au gaz.", "Chauffage individuel électrique.", "Chauffage urbain.", "Pompe à chaleur."]
SURROUNDINGS = [
    "Commerces et écoles à proximité.",
    "Arrêt de bus au pied de la résidence.",
    "À dix minutes à pied d'une station de tramway ou de métro.",
    "Résidence calme, parc à proximité.",
    "Gardien sur place.",
]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _floor_label(floor: int) -> str:
    if floor == 0:
        return "en rez-de-chaussée"
    return "au 1er étage" if floor == 1 else f"au {floor}e étage"


def build_offers(rng: random.Random, communes: dict[str, Commune], landlords: dict[str, Organization], now):
    """The demo offers (unsaved), always the same for the same seed."""
    today = timezone.localdate(now)
    offers = []
    for area in AREAS:
        for n in range(1, area.count + 1):
            commune = communes[rng.choice(area.communes)]
            typology = _weighted(rng, TYPOLOGY_WEIGHTS)
            financing = _weighted(rng, FINANCING_WEIGHTS)
            is_arrondissement = commune.insee[:2] in ("75", "69", "13") and commune.insee[2] in "123"
            rooms = int(typology[1])
            is_house = not is_arrondissement and rooms >= 3 and rng.random() < (0.3 if area.zone == "small" else 0.12)
            low, high = SURFACES[typology]
            surface = rng.randint(low * 10, high * 10) / 10
            rent_low, rent_high = RENT_PER_M2[area.zone][financing]
            rent = _money(surface * rng.uniform(rent_low, rent_high))
            charges = _money(surface * (rng.uniform(1.0, 1.6) if is_house else rng.uniform(1.8, 2.8)))
            if is_house:
                floor, has_lift = 0, False
            else:
                floor = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8])
                has_lift = floor >= 4 or (floor > 0 and rng.random() < 0.5)
            is_accessible = (floor == 0 or has_lift) and rng.random() < 0.4
            # Spread around the commune centre (uniform in a square of side 2 * spread).
            spread = area.spread_km / 111.2
            lat = round(commune.lat + rng.uniform(-spread, spread), 6)
            lng = round(commune.lng + rng.uniform(-spread, spread) / cos(radians(commune.lat)), 6)
            if is_house:
                title = f"Maison {typology} {rng.choice(HOUSE_FEATURES)}"
            else:
                title = f"{typology} {rng.choice(FLAT_WORDS)} {rng.choice(FLAT_FEATURES)}"
            bedrooms = max(rooms - 1, 0)
            kind_text = "Maison" if is_house else "Appartement"
            lift_text = "" if is_house else (" avec ascenseur" if has_lift else " sans ascenseur")
            if bedrooms == 0:
                bedrooms_text = "une pièce de vie avec coin cuisine"
            else:
                bedrooms_text = f"{bedrooms} chambre{'s' if bedrooms > 1 else ''}, un séjour"
            surface_text = f"{surface:.1f}".replace(".", ",").removesuffix(",0")
            description = (
                f"{kind_text} de {surface_text} m² {_floor_label(floor)}{lift_text} : {bedrooms_text}, "
                f"une salle d'eau et des rangements. {rng.choice(HEATING)} {rng.choice(SURROUNDINGS)}"
            )
            offers.append(
                Offer(
                    landlord=landlords[area.landlord],
                    reference=f"DEMO-{area.key}-{n:03d}",
                    title=title,
                    status=Offer.Status.PUBLISHED,
                    financing=financing,
                    kind=Offer.Kind.HOUSE if is_house else Offer.Kind.FLAT,
                    typology=typology,
                    surface=Decimal(f"{surface:.2f}"),
                    rooms=rooms,
                    bedrooms=bedrooms,
                    floor=floor,
                    has_lift=has_lift,
                    is_accessible=is_accessible,
                    rent=rent,
                    charges=charges,
                    commune=commune,
                    departement=commune.departement,
                    address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                    lat=lat,
                    lng=lng,
                    available_on=today + dt.timedelta(days=rng.randint(0, 90)),
                    energy_class=_weighted(rng, ENERGY_WEIGHTS),
                    description=description,
                    published_at=now - dt.timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 23)),
                )
            )
    for n in range(1, DRAFTS + 1):
        draft = offers[AREAS[0].count + n]  # a Lyon offer as a model
        offers.append(
            Offer(
                **{
                    f.attname: getattr(draft, f.attname)
                    for f in Offer._meta.concrete_fields
                    if f.attname not in ("id", "reference", "status", "published_at", "created_at")
                },
                reference=f"DEMO-BROUILLON-{n:02d}",
                status=Offer.Status.DRAFT,
                published_at=None,
            )
        )
    return offers


# --- Accounts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSpec:
    role: str
    email: str
    first_name: str
    last_name: str
    kind: str
    organization: str = ""
    membership_role: str = ""
    is_staff: bool = False
    is_superuser: bool = False


ACCOUNTS = [
    AccountSpec("Demandeur (demande à importer)", "demandeur@logis.test", "Sophie", "Lambert", "applicant"),
    AccountSpec(
        "Bailleur — chargé de clientèle (accès à l'administration des offres)",
        "bailleur@logis.test",
        "Julien",
        "Moreau",
        "professional",
        organization="ra",
        membership_role=Membership.Role.AGENT,
        is_staff=True,
    ),
    AccountSpec(
        "Employeur — ressources humaines",
        "rh@logis.test",
        "Nadia",
        "Haddad",
        "professional",
        organization="lre",
        membership_role=Membership.Role.HR,
    ),
    AccountSpec(
        "Membre de commission (CALEOL)",
        "commission@logis.test",
        "Bernard",
        "Petit",
        "professional",
        organization="ra",
        membership_role=Membership.Role.COMMISSION,
    ),
    AccountSpec(
        "Conseillère",
        "conseiller@logis.test",
        "Élodie",
        "Garnier",
        "professional",
        organization="op",
        membership_role=Membership.Role.ADVISOR,
    ),
    AccountSpec(
        "Administrateur (superutilisateur)",
        "admin@logis.test",
        "Camille",
        "Rousseau",
        "staff",
        is_staff=True,
        is_superuser=True,
    ),
]


# --- Demands in the register ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    first_name: str
    last_name: str
    birth_date: dt.date
    relation: str
    is_dependent: bool = False


@dataclass(frozen=True)
class DemandSpec:
    email: str
    city: str
    civility: str
    first_name: str
    last_name: str
    birth_date: dt.date
    address: str
    commune: str
    family_situation: str
    profession: str
    contract_type: str
    employer: str
    workplace: str
    rfr_n2: int
    rfr_n1: int
    resources: tuple[tuple[str, int], ...]
    current_housing: str
    current_rent: int | None
    current_surface: int | None
    reasons: tuple[str, ...]
    wished_communes: tuple[str, ...]
    wished_typologies: tuple[str, ...]
    max_rent: int
    wished_kind: str = "any"
    filed_days_ago: int = 120
    expected_births: int = 0
    members: tuple[MemberSpec, ...] = ()


DEMANDS = [
    DemandSpec(
        email="demandeur@logis.test",
        city="Lyon",
        civility="MME",
        first_name="Sophie",
        last_name="Lambert",
        birth_date=dt.date(1991, 4, 12),
        address="14 rue Paul-Bert",
        commune="69259",
        family_situation="celibataire",
        profession="Assistante logistique",
        contract_type="CDI",
        employer="lre",
        workplace="69123",
        rfr_n2=21500,
        rfr_n1=22800,
        resources=(("SAL", 1850),),
        current_housing="locataire_prive",
        current_rent=780,
        current_surface=38,
        reasons=("trop_cher", "rapprochement_travail"),
        wished_communes=("69123", "69266"),
        wished_typologies=("T2", "T3"),
        max_rent=750,
        members=(MemberSpec("Inès", "Lambert", dt.date(2016, 9, 3), "enfant", True),),
    ),
    DemandSpec(
        email="karim.benali@logis.test",
        city="Paris",
        civility="M",
        first_name="Karim",
        last_name="Benali",
        birth_date=dt.date(1986, 11, 2),
        address="8 rue Gabriel-Péri",
        commune="93066",
        family_situation="marie",
        profession="Infirmier",
        contract_type="CDI",
        employer="cvs",
        workplace="75056",
        rfr_n2=39800,
        rfr_n1=41200,
        resources=(("SAL", 2450), ("SAL", 1300), ("AF", 150)),
        current_housing="locataire_prive",
        current_rent=1050,
        current_surface=42,
        reasons=("trop_petit", "rapprochement_travail"),
        wished_communes=("75056", "93048", "94041"),
        wished_typologies=("T3", "T4"),
        max_rent=1200,
        filed_days_ago=400,
        members=(
            MemberSpec("Samira", "Benali", dt.date(1988, 6, 21), "conjoint"),
            MemberSpec("Yanis", "Benali", dt.date(2014, 2, 14), "enfant", True),
            MemberSpec("Lina", "Benali", dt.date(2019, 10, 30), "enfant", True),
        ),
    ),
    DemandSpec(
        email="lea.fabre@logis.test",
        city="Marseille",
        civility="MME",
        first_name="Léa",
        last_name="Fabre",
        birth_date=dt.date(2001, 1, 25),
        address="27 boulevard Baille",
        commune="13205",
        family_situation="celibataire",
        profession="Vendeuse en boulangerie",
        contract_type="CDD",
        employer="brf",
        workplace="13055",
        rfr_n2=14200,
        rfr_n1=16900,
        resources=(("SAL", 1450),),
        current_housing="chez_parents",
        current_rent=None,
        current_surface=None,
        reasons=("decohabitation",),
        wished_communes=("13055",),
        wished_typologies=("T1", "T2"),
        max_rent=550,
        filed_days_ago=60,
    ),
    DemandSpec(
        email="thomas.girard@logis.test",
        city="Toulouse",
        civility="M",
        first_name="Thomas",
        last_name="Girard",
        birth_date=dt.date(1994, 7, 8),
        address="3 allée Jean-Jaurès",
        commune="31149",
        family_situation="pacse",
        profession="Développeur",
        contract_type="CDI",
        employer="ang",
        workplace="31555",
        rfr_n2=33500,
        rfr_n1=36000,
        resources=(("SAL", 2200), ("SAL", 1100)),
        current_housing="locataire_prive",
        current_rent=690,
        current_surface=36,
        reasons=("trop_petit", "futur_couple"),
        wished_communes=("31555", "31069"),
        wished_typologies=("T3",),
        max_rent=850,
        expected_births=1,
        members=(MemberSpec("Julie", "Girard", dt.date(1995, 3, 19), "conjoint"),),
    ),
    DemandSpec(
        email="fatou.diallo@logis.test",
        city="Nantes",
        civility="MME",
        first_name="Fatou",
        last_name="Diallo",
        birth_date=dt.date(1983, 12, 5),
        address="52 route de Vannes",
        commune="44162",
        family_situation="divorce",
        profession="Agente d'exploitation",
        contract_type="CDI",
        employer="tas",
        workplace="44109",
        rfr_n2=23900,
        rfr_n1=24500,
        resources=(("SAL", 1750), ("AF", 150), ("PAR", 200)),
        current_housing="locataire_prive",
        current_rent=820,
        current_surface=55,
        reasons=("trop_cher", "separation"),
        wished_communes=("44109", "44143"),
        wished_typologies=("T3", "T4"),
        max_rent=800,
        filed_days_ago=250,
        members=(
            MemberSpec("Awa", "Diallo", dt.date(2011, 4, 17), "enfant", True),
            MemberSpec("Moussa", "Diallo", dt.date(2015, 8, 9), "enfant", True),
        ),
    ),
    DemandSpec(
        email="marc.lefevre@logis.test",
        city="Valence",
        civility="M",
        first_name="Marc",
        last_name="Lefèvre",
        birth_date=dt.date(1979, 5, 30),
        address="5 chemin des Vergers",
        commune="26362",
        family_situation="marie",
        profession="Chef d'équipe arboricole",
        contract_type="CDI",
        employer="cfd",
        workplace="26362",
        rfr_n2=31200,
        rfr_n1=32000,
        resources=(("SAL", 2050), ("SAL", 950), ("AF", 310)),
        current_housing="locataire_prive",
        current_rent=850,
        current_surface=68,
        reasons=("trop_petit", "trop_cher"),
        wished_communes=("26362",),
        wished_typologies=("T4", "T5"),
        wished_kind="house",
        max_rent=900,
        filed_days_ago=30,
        members=(
            MemberSpec("Anne", "Lefèvre", dt.date(1981, 9, 12), "conjoint"),
            MemberSpec("Hugo", "Lefèvre", dt.date(2008, 1, 22), "enfant", True),
            MemberSpec("Chloé", "Lefèvre", dt.date(2012, 6, 6), "enfant", True),
            MemberSpec("Nathan", "Lefèvre", dt.date(2017, 11, 28), "enfant", True),
        ),
    ),
]


def _next_anniversary(filed_on: dt.date, today: dt.date) -> dt.date:
    """A demand is valid one year and renewed each year: its next anniversary after today."""
    years = 1
    while True:
        try:
            anniversary = filed_on.replace(year=filed_on.year + years)
        except ValueError:  # 29 February
            anniversary = filed_on.replace(year=filed_on.year + years, day=28)
        if anniversary > today:
            return anniversary
        years += 1


# --- The command ---------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : une seconde exécution ne change rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--communes", type=Path, default=COMMUNES_FILE, help="fichier des communes à charger (tests : un extrait)"
        )

    def handle(self, *args, communes, **options):
        call_command("load_communes", file=communes, stdout=self.stdout)
        with transaction.atomic():
            now = timezone.now()
            organizations = self._organizations()
            created_offers = self._offers(organizations, now)
            self._accounts(organizations)
            demands = self._register_demands(organizations, now)
            employer_lines = self._employers_space(organizations, now)
            landlord_lines = self._landlords_space(organizations, now)
            self._cotation()
        eligibility_lines = load_eligibility_demo()  # eligibility area (logis/eligibility/demo.py)
        self._report(organizations, created_offers, demands)
        for line in [*employer_lines, *landlord_lines, *eligibility_lines]:
            self.stdout.write(line)

    def _organizations(self) -> dict[str, Organization]:
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
        return organizations

    def _offers(self, organizations, now) -> int:
        codes = {code for area in AREAS for code in area.communes}
        communes = Commune.objects.in_bulk(codes)
        missing = codes - set(communes)
        if missing:
            raise RuntimeError(f"Communes absentes de la base : {', '.join(sorted(missing))}")
        offers = build_offers(random.Random(SEED), communes, organizations, now)
        existing = set(Offer.objects.filter(reference__startswith="DEMO-").values_list("reference", flat=True))
        new = [offer for offer in offers if offer.reference not in existing]
        Offer.objects.bulk_create(new, batch_size=500)
        return len(new)

    def _accounts(self, organizations):
        group, _ = Group.objects.get_or_create(name=AGENT_GROUP)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in AGENT_PERMISSIONS
        ]
        if set(group.permissions.all()) != set(permissions):
            group.permissions.set(permissions)
        for spec in ACCOUNTS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=spec.email,
                    password=DEMO_PASSWORD,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    kind=spec.kind,
                    is_staff=spec.is_staff,
                    is_superuser=spec.is_superuser,
                )
                if spec.membership_role == Membership.Role.AGENT:
                    user.groups.add(group)
            EmailAddress.objects.get_or_create(
                user=user, email=spec.email, defaults={"verified": True, "primary": True}
            )
            if spec.organization:
                Membership.objects.get_or_create(
                    user=user, organization=organizations[spec.organization], defaults={"role": spec.membership_role}
                )

    def _register_demands(self, organizations, now) -> list[RegisteredDemand]:
        codes = {code for spec in DEMANDS for code in (spec.commune, spec.workplace, *spec.wished_communes)}
        communes = Commune.objects.in_bulk(codes)
        guichet = settings.LOGIS_REGISTRY_GUICHET
        demands = []
        for spec in DEMANDS:
            demand = RegisteredDemand.objects.filter(email=spec.email, last_name=spec.last_name).first()
            if demand is None:
                filed_at = now - dt.timedelta(days=spec.filed_days_ago)
                wished = communes[spec.wished_communes[0]]
                territory = numbering.territory_for(departement=wished.departement, region=wished.region)
                employer = organizations[spec.employer]
                home = communes[spec.commune]
                demand = RegisteredDemand.objects.create(
                    numero_unique=numbering.issue(territory=territory, filed_at=filed_at, guichet=guichet),
                    filed_at=filed_at,
                    expires_on=_next_anniversary(timezone.localdate(filed_at), timezone.localdate(now)),
                    guichet=guichet,
                    civility=spec.civility,
                    last_name=spec.last_name,
                    first_name=spec.first_name,
                    birth_date=spec.birth_date,
                    nationality="FR",
                    email=spec.email,
                    phone="0601020304",
                    address=spec.address,
                    postal_code=home.postal_code,
                    commune=home,
                    family_situation=spec.family_situation,
                    expected_births=spec.expected_births,
                    profession=spec.profession,
                    contract_type=spec.contract_type,
                    employer_name=employer.name,
                    employer_siret=employer.siret,
                    workplace_commune=communes[spec.workplace],
                    rfr_n2=spec.rfr_n2,
                    rfr_n1=spec.rfr_n1,
                    monthly_resources=[{"code": code, "amount": amount} for code, amount in spec.resources],
                    current_housing=spec.current_housing,
                    current_rent=spec.current_rent,
                    current_occupants=1 + len(spec.members),
                    current_surface=spec.current_surface,
                    reasons=list(spec.reasons),
                    wished_communes=list(spec.wished_communes),
                    wished_typologies=list(spec.wished_typologies),
                    wished_kind=spec.wished_kind,
                    max_rent=spec.max_rent,
                )
                RegisteredHouseholdMember.objects.bulk_create(
                    RegisteredHouseholdMember(
                        demand=demand,
                        first_name=member.first_name,
                        last_name=member.last_name,
                        birth_date=member.birth_date,
                        relation=member.relation,
                        is_dependent=member.is_dependent,
                    )
                    for member in spec.members
                )
            demands.append(demand)
        return demands

    def _employers_space(self, organizations, now) -> list[str]:
        """Employers' space: employees of the HR demo account's company with pending agreements (logis.employers)."""
        return load_employers_demo(
            employer=organizations["lre"], password=DEMO_PASSWORD, now=now, guichet=settings.LOGIS_REGISTRY_GUICHET
        )

    def _cotation(self) -> None:
        """Cotation: the platform's default grid stored as the national version 1 (logis.scoring), once."""
        grid_version_ensure_default()

    def _landlords_space(self, organizations, now) -> list[str]:
        """Landlord's workspace and CALEOL: applications to an offer of the agent's landlord, a session."""
        return load_landlords_demo(
            landlord=organizations["ra"], password=DEMO_PASSWORD, now=now, guichet=settings.LOGIS_REGISTRY_GUICHET
        )

    def _report(self, organizations, created_offers, demands):
        write = self.stdout.write
        live = Offer.objects.live().filter(reference__startswith="DEMO-").count()
        landlords = sum(1 for o in organizations.values() if o.kind == Organization.Kind.LANDLORD)
        employers = sum(1 for o in organizations.values() if o.kind == Organization.Kind.EMPLOYER)
        write("")
        write(self.style.SUCCESS("Données de démonstration prêtes."))
        write(
            f"{landlords} bailleurs, {employers} employeurs, {live} offres publiées "
            f"({created_offers} créées à cette exécution), {len(demands)} demandes au registre."
        )
        write("")
        write(f"Adresse de la plateforme : {settings.SITE_URL}")
        write("")
        write(f"Comptes de démonstration (mot de passe de tous les comptes : {DEMO_PASSWORD})")
        width = max(len(spec.email) for spec in ACCOUNTS)
        write(f"  {'E-mail'.ljust(width)}  {'Mot de passe'.ljust(len(DEMO_PASSWORD))}  Rôle")
        for spec in ACCOUNTS:
            write(f"  {spec.email.ljust(width)}  {DEMO_PASSWORD}  {spec.role}")
        write("")
        write("Demandes de logement social au registre, à importer dans « Ma situation » :")
        write("(le code de sécurité est envoyé à l'e-mail de la demande ; créez un compte avec cet e-mail si besoin)")
        for spec, demand in zip(DEMANDS, demands, strict=True):
            write(f"  {numbering.format_for_display(demand.numero_unique)}  {demand.email.ljust(26)}  {spec.city}")
        write("")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            write(f"Les e-mails ne partent pas : ils sont écrits dans {settings.EMAIL_FILE_PATH}")
        else:
            write(
                f"Les e-mails sont envoyés par {settings.EMAIL_BACKEND} ({settings.EMAIL_HOST}:{settings.EMAIL_PORT})."
            )
        mailbox = f"{settings.SITE_URL.rstrip('/')}/demo/courriels/"
        if settings.DEMO_MODE:
            write(f"et se lisent sur la page {mailbox}")
        else:
            write(f"La boîte de réception {mailbox} n'existe qu'avec LOGIS_DEMO=true (make demo).")
