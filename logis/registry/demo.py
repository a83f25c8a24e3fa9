"""Demo data of the register: six demands waiting to be imported in « Ma situation » (section "registry" of
`manage.py load_demo`). Found by e-mail and name, created when missing."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from logis.core.demo import DemoContext, demo_section
from logis.geo.models import Commune
from logis.registry import numbering
from logis.registry.models import RegisteredDemand, RegisteredHouseholdMember


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


@demo_section("registry", after=("geo", "organizations"))
def load_register_demands(ctx: DemoContext) -> list[str]:
    organizations = ctx.shared["organizations"]
    now = ctx.now
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
    lines = [
        f"{len(demands)} demandes de logement social au registre, à importer dans « Ma situation » :",
        "(le code de sécurité est envoyé à l'e-mail de la demande ; créez un compte avec cet e-mail si besoin)",
    ]
    for spec, demand in zip(DEMANDS, demands, strict=True):
        lines.append(f"  {numbering.format_for_display(demand.numero_unique)}  {demand.email.ljust(26)}  {spec.city}")
    return [*lines, ""]
