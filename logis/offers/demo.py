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
