"""Demo data of the offers: 300+ published offers in ten areas and a few drafts (section "offers" of
`manage.py load_demo`). Deterministic (fixed seed); found by reference, created when missing."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import cos, radians

from django.utils import timezone

from logis.core.demo import DemoContext, demo_section
from logis.geo.models import Commune
from logis.offers.models import Offer, zones_of_commune
from logis.organizations.models import Organization

SEED = 20240705

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


def fill_offer_zones() -> int:
    """Ceiling zones of the offers written in bulk (bulk_create skips Offer.save): social zone and ABC zone."""
    offers = list(Offer.objects.filter(social_zone="").only("pk", "commune_id", "departement"))
    for offer in offers:
        offer.social_zone, offer.abc_zone = zones_of_commune(offer.commune_id, offer.departement)
    Offer.objects.bulk_update(offers, ["social_zone", "abc_zone"], batch_size=1000)
    return len(offers)


@demo_section("offers", after=("geo", "organizations"))
def load_offers(ctx: DemoContext) -> list[str]:
    codes = {code for area in AREAS for code in area.communes}
    communes = Commune.objects.in_bulk(codes)
    missing = codes - set(communes)
    if missing:
        raise RuntimeError(f"Communes absentes de la base : {', '.join(sorted(missing))}")
    offers = build_offers(random.Random(SEED), communes, ctx.shared["organizations"], ctx.now)
    existing = set(Offer.objects.filter(reference__startswith="DEMO-").values_list("reference", flat=True))
    new = [offer for offer in offers if offer.reference not in existing]
    Offer.objects.bulk_create(new, batch_size=500)
    zoned = fill_offer_zones()
    live = Offer.objects.live().filter(reference__startswith="DEMO-").count()
    return [
        f"{live} offres publiées ({len(new)} créées à cette exécution).",
        f"Zones des plafonds de ressources renseignées pour {zoned} offre{'s' if zoned > 1 else ''}.",
    ]


# --- Homes to buy (accession sociale, docs/adr/0015) ------------------------------------------------------------

# (reference, landlord, commune, kind, typology, surface, price, charges, terms, title)
HOMES_TO_BUY = [
    (
        "ACHAT-PSLA-01",
        "ra",
        "69266",
        "PSLA",
        "T3",
        66.5,
        218000,
        85,
        {"fee": 790, "part": 190, "months": 24},
        "T3 neuf en location-accession avec loggia",
    ),
    (
        "ACHAT-PSLA-02",
        "ra",
        "69259",
        "PSLA",
        "T4",
        81.0,
        259000,
        110,
        {"fee": 930, "part": 240, "months": 36},
        "T4 neuf en location-accession avec terrasse",
    ),
    (
        "ACHAT-PSLA-03",
        "atl",
        "33281",
        "PSLA",
        "T3",
        64.0,
        196000,
        78,
        {"fee": 720, "part": 170, "months": 18},
        "T3 en location-accession près du tramway",
    ),
    (
        "ACHAT-PSLA-04",
        "atl",
        "44162",
        "PSLA",
        "T4",
        84.0,
        232000,
        60,
        {"fee": 850, "part": 210, "months": 24},
        "Maison T4 en location-accession avec jardin",
    ),
    (
        "ACHAT-BRS-01",
        "idf",
        "93048",
        "BRS",
        "T3",
        63.0,
        238000,
        120,
        {"land_fee": 135},
        "T3 en bail réel solidaire, à deux pas du métro",
    ),
    (
        "ACHAT-BRS-02",
        "ra",
        "69383",
        "BRS",
        "T2",
        46.0,
        149000,
        70,
        {"land_fee": 62},
        "T2 en bail réel solidaire avec balcon",
    ),
    (
        "ACHAT-BRS-03",
        "med",
        "31555",
        "BRS",
        "T3",
        65.0,
        172000,
        90,
        {"land_fee": 88},
        "T3 en bail réel solidaire, quartier des Minimes",
    ),
    (
        "ACHAT-BRS-04",
        "atl",
        "44109",
        "BRS",
        "T4",
        80.0,
        205000,
        105,
        {"land_fee": 118},
        "T4 en bail réel solidaire sur l'île de Nantes",
    ),
    (
        "ACHAT-HLM-01",
        "ra",
        "26362",
        "VENTE_HLM",
        "T3",
        67.0,
        98000,
        140,
        {"priority_days": 45},
        "T3 vendu par son bailleur, résidence entretenue",
    ),
    (
        "ACHAT-HLM-02",
        "ra",
        "69029",
        "VENTE_HLM",
        "T4",
        78.0,
        142000,
        160,
        {},
        "T4 vendu par son bailleur, avec cave et parking",
    ),
    (
        "ACHAT-HLM-03",
        "idf",
        "94081",
        "VENTE_HLM",
        "T2",
        44.0,
        139000,
        110,
        {"priority_days": 30},
        "T2 vendu par son bailleur, proche RER",
    ),
    (
        "ACHAT-HLM-04",
        "nord",
        "59350",
        "VENTE_HLM",
        "T3",
        62.0,
        115000,
        125,
        {},
        "T3 vendu par son bailleur, quartier de Fives",
    ),
]


def build_homes_to_buy(communes: dict[str, Commune], landlords: dict[str, Organization], now) -> list[Offer]:
    """Several homes to buy of each kind (PSLA, BRS, vente HLM), unsaved, always the same."""
    today = timezone.localdate(now)
    homes = []
    for n, (reference, landlord, insee, kind, typology, surface, price, charges, terms, title) in enumerate(
        HOMES_TO_BUY
    ):
        commune = communes[insee]
        rooms = int(typology[1])
        is_house = title.startswith("Maison")
        homes.append(
            Offer(
                landlord=landlords[landlord],
                reference=reference,
                title=title,
                status=Offer.Status.PUBLISHED,
                financing="",
                accession=kind,
                kind=Offer.Kind.HOUSE if is_house else Offer.Kind.FLAT,
                typology=typology,
                surface=Decimal(f"{surface:.2f}"),
                rooms=rooms,
                bedrooms=rooms - 1,
                floor=0 if is_house else 1 + n % 4,
                has_lift=not is_house and n % 2 == 0,
                is_accessible=n % 3 == 0,
                rent=Decimal(0),
                charges=Decimal(charges),
                price=Decimal(price),
                land_fee=Decimal(terms["land_fee"]) if "land_fee" in terms else None,
                psla_fee=Decimal(terms["fee"]) if "fee" in terms else None,
                psla_acquisitive_part=Decimal(terms["part"]) if "part" in terms else None,
                psla_rental_months=terms.get("months"),
                priority_until=today + dt.timedelta(days=terms["priority_days"]) if "priority_days" in terms else None,
                commune=commune,
                departement=commune.departement,
                address=f"{10 + n} {STREETS[n % len(STREETS)]}",
                lat=round(commune.lat + 0.002 * (n % 5 - 2), 6),
                lng=round(commune.lng + 0.003 * (n % 3 - 1), 6),
                available_on=today + dt.timedelta(days=30 + 15 * (n % 4)),
                energy_class="ABCDE"[n % 5] if kind == "VENTE_HLM" else "A",
                description=(
                    f"{'Maison' if is_house else 'Appartement'} de {surface:.0f} m² : {rooms - 1} chambres, un "
                    "séjour, une cuisine et une salle d'eau. Visites sur rendez-vous avec le vendeur."
                ),
                published_at=now - dt.timedelta(days=n % 10, hours=n),
            )
        )
    return homes


@demo_section("homes_to_buy", after=("offers",))
def load_homes_to_buy(ctx: DemoContext) -> list[str]:
    codes = {row[2] for row in HOMES_TO_BUY}
    communes = Commune.objects.in_bulk(codes)
    missing = codes - set(communes)
    if missing:
        raise RuntimeError(f"Communes absentes de la base : {', '.join(sorted(missing))}")
    homes = build_homes_to_buy(communes, ctx.shared["organizations"], ctx.now)
    existing = set(Offer.objects.filter(reference__startswith="ACHAT-").values_list("reference", flat=True))
    new = [home for home in homes if home.reference not in existing]
    Offer.objects.bulk_create(new)
    fill_offer_zones()
    counts = {
        kind: Offer.objects.live().filter(reference__startswith="ACHAT-", accession=kind).count()
        for kind in ("PSLA", "BRS", "VENTE_HLM")
    }
    return [
        f"Logements à acheter : {counts['PSLA']} en PSLA, {counts['BRS']} en BRS, {counts['VENTE_HLM']} en vente HLM "
        f"({len(new)} créés à cette exécution) ; « Mes offres » › « Acheter »."
    ]
