"""The data set of the "Mes offres" benchmark: live offers and imported demands in bulk, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logis_bench SECRET_KEY=bench \\
        .venv/bin/python benchmarks/mes_offres_dataset.py [--offers 200000] [--demands 3000000] [--seed 2026] [--force]

Benchmark code, run by benchmarks/bench_mes_offres.py: the product never imports it.

Rows are written with PostgreSQL's COPY (psycopg), never the ORM, from a deterministic random generator: offers
spread over the communes in proportion to their population, landlords (a tenth with their own ability-to-pay
policy), and demands (one account each) whose workplace follows the population too, with households, incomes and
resources of plausible sizes. Columns the generator does not set take the model field's default, so that fields
added later need no change here.

The database keeps a comment describing the data set (seed, sizes, build time): a complete data set of the same
description is reused, not rebuilt. The build time is printed as `BENCH mes_offres_dataset_build_s <v> s` (for a
reused data set, the time it took when it was built, and stderr says so).
"""

import contextlib
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from logis.accounts.models import User  # noqa: E402
from logis.demands.models import Demand  # noqa: E402
from logis.eligibility.models import LandlordPolicy  # noqa: E402
from logis.geo.models import Commune  # noqa: E402
from logis.offers.models import Offer, zones_of_commune  # noqa: E402
from logis.organizations.models import Organization  # noqa: E402

PREFIX = "BENCH"
LANDLORDS = 300
CHUNK = 100_000
TYPOLOGIES = np.array(["T1", "T2", "T3", "T4", "T5", "T6"])
TYPOLOGY_WEIGHTS = [0.10, 0.28, 0.32, 0.20, 0.08, 0.02]
FINANCINGS = np.array(["PLAI", "PLUS", "PLS", "LLI"])
FINANCING_WEIGHTS = [0.18, 0.50, 0.17, 0.15]
# Monthly rent per m² (hors charges) by financing, a plausible spread around published averages.
RENT_PER_M2 = {"PLAI": 5.8, "PLUS": 6.8, "PLS": 9.5, "LLI": 12.5}


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, separators=(",", ":"))
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _defaults(model, generated: set[str]) -> dict[str, str]:
    """COPY text of the default of every concrete column the generator does not set (NULL when nullable)."""
    result = {}
    for field in model._meta.concrete_fields:
        if field.column in generated or field.generated:
            continue  # set by the generator, or computed by the database
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.blank:
            value = ""
        else:
            raise CommandError(f"{model.__name__}.{field.name} has no default: the data set generator must set it.")
        result[field.column] = _text(value)
    return result


def _copy(cursor, model, columns: list[str], rows, defaults: dict[str, str]) -> None:
    """COPY rows (tuples of already formatted text, in `columns` order) plus the constant default columns."""
    table = model._meta.db_table
    names = [*columns, *defaults]
    suffix = "\t".join(defaults.values())
    sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        buffer = io.StringIO()
        for count, row in enumerate(rows, 1):
            buffer.write("\t".join(row))
            if suffix:
                buffer.write("\t")
                buffer.write(suffix)
            buffer.write("\n")
            if count % 20_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


@contextlib.contextmanager
def _bulk_load(cursor, *models):
    """Drop the secondary indexes and the constraints (but the primary keys) of the tables while COPY runs, then
    build them again: one sort per index instead of millions of insertions, one join per foreign key instead of a
    lookup per row. Definitions are read from the catalog, so that they come back exactly as they were."""
    tables = [model._meta.db_table for model in models]
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks of earlier rows would block ALTER TABLE
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f', 'c') ORDER BY contype DESC",
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in reversed(constraints):  # unique and check constraints first, then foreign keys
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _reset_sequence(cursor, model) -> None:
    table = model._meta.db_table
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608 - a model's table
    )


class Command(BaseCommand):
    help = "Build (or reuse) the PostgreSQL data set of the Mes offres benchmark with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=200_000)
        parser.add_argument("--demands", type=int, default=3_000_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="rebuild even when a complete data set exists")

    def handle(self, *args, offers, demands, seed, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError("This data set uses PostgreSQL's COPY: set DATABASE_URL to a PostgreSQL database.")
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("The data set empties the accounts, offers and demands: use a database named *bench*.")
        description = f"mes_offres dataset seed={seed} offers={offers} demands={demands}"
        stored = self._stored_description()
        if not force and stored and stored.startswith(description) and self._complete(offers, demands):
            self.stderr.write(f"Data set reused, not rebuilt ({stored}); its build time:")
            built = dict(part.split("=", 1) for part in stored.split() if "=" in part)
            self.stdout.write(f"BENCH mes_offres_dataset_build_s {built.get('build_s', '?')} s")
            return
        started = time.perf_counter()
        rng = np.random.default_rng(seed)
        if Commune.objects.count() == 0:
            call_command("load_communes", verbosity=0)
        communes = list(
            Commune.objects.filter(population__gt=0)
            .exclude(departement__startswith="97")
            .values_list("insee", "departement", "lat", "lng", "population")
        )
        self._clear()
        with transaction.atomic(), connection.cursor() as cursor:
            landlord_ids = self._landlords(rng)
            with _bulk_load(cursor, Offer):
                self._offers(cursor, rng, offers, communes, landlord_ids)
            self.stderr.write(f"  {offers} offers in {time.perf_counter() - started:.1f} s")
            with _bulk_load(cursor, User, Demand):
                self._demands(cursor, rng, demands, communes)
            self.stderr.write(f"  indexes and constraints rebuilt at {time.perf_counter() - started:.1f} s")
            for model in (Offer, User, Demand):
                _reset_sequence(cursor, model)
        with connection.cursor() as cursor:
            for model in (Offer, User, Demand, Organization):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        elapsed = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS %s",
                [f"{description} build_s={elapsed:.1f} built_at={timezone.now():%Y-%m-%dT%H:%M}Z"],
            )
        self.stdout.write(f"BENCH mes_offres_dataset_build_s {elapsed:.1f} s")
        sys.stdout.flush()

    # --- state --------------------------------------------------------------------------------------------

    def _stored_description(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [connection.settings_dict["NAME"]],
            )
            row = cursor.fetchone()
        return (row and row[0]) or ""

    def _complete(self, offers: int, demands: int) -> bool:
        return (
            Offer.objects.live().filter(reference__startswith=f"{PREFIX}-").count() == offers
            and Demand.objects.filter(numero_unique__startswith="B").count() == demands
        )

    def _clear(self) -> None:
        """Empty the tables of a previous (possibly partial) data set: TRUNCATE is the fast way for millions of
        rows. The database is dedicated to the benchmark (its name says "bench"): accounts go too."""
        tables = ", ".join(model._meta.db_table for model in (Demand, Offer, LandlordPolicy, User))
        with connection.cursor() as cursor:
            cursor.execute(f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS NULL")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        Organization.objects.filter(name__startswith=f"{PREFIX} ").delete()

    # --- landlords ----------------------------------------------------------------------------------------

    def _landlords(self, rng) -> list[int]:
        landlords = Organization.objects.bulk_create(
            Organization(kind=Organization.Kind.LANDLORD, name=f"{PREFIX} Habitat {index:03d}")
            for index in range(LANDLORDS)
        )
        # A tenth of the landlords set their own thresholds.
        policies = [
            LandlordPolicy(
                organization=landlord,
                max_effort_rate=rng.choice(["0.25", "0.30", "0.35"]),
                min_reste_a_vivre_per_uc=rng.choice(["0", "300", "500"]),
            )
            for landlord in landlords[::10]
        ]
        LandlordPolicy.objects.bulk_create(policies)
        return [landlord.pk for landlord in landlords]

    # --- offers -------------------------------------------------------------------------------------------

    def _offers(self, cursor, rng, count: int, communes, landlord_ids) -> None:
        population = np.array([row[4] for row in communes], dtype=np.float64)
        picked = rng.choice(len(communes), size=count, p=population / population.sum())
        zones = {}
        typology_index = rng.choice(len(TYPOLOGIES), size=count, p=TYPOLOGY_WEIGHTS)
        financing = FINANCINGS[rng.choice(len(FINANCINGS), size=count, p=FINANCING_WEIGHTS)]
        rooms = typology_index + 1
        surface = np.round(18 + rooms * rng.uniform(13, 19, count), 2)
        rates = np.array([RENT_PER_M2[value] for value in financing]) * rng.uniform(0.8, 1.25, count)
        rent = np.round(surface * rates, 2)
        charges = np.round(surface * rng.uniform(0.8, 2.2, count), 2)
        jitter_lat = rng.normal(0, 0.02, count)
        jitter_lng = rng.normal(0, 0.03, count)
        landlords = rng.choice(landlord_ids, size=count)
        accessible = rng.random(count) < 0.12
        is_house = rng.random(count) < 0.15
        floors = rng.integers(0, 9, count)
        now = timezone.now()
        today = timezone.localdate()
        generated = [
            "landlord_id", "reference", "title", "status", "financing", "kind", "typology", "surface", "rooms",
            "bedrooms", "floor", "has_lift", "is_accessible", "rent", "charges", "commune_id", "departement",
            "social_zone", "abc_zone", "address", "lat", "lng", "available_on", "energy_class", "description",
            "created_at", "published_at",
        ]  # fmt: skip
        defaults = _defaults(Offer, {"id", *generated})
        available_on = _text(today + dt.timedelta(days=30))
        created = _text(now)
        energy = np.array(list("ABCDEFG"))[rng.integers(0, 7, count)]

        def rows():
            for index in range(count):
                insee, departement, lat, lng, _population = communes[picked[index]]
                if insee not in zones:
                    zones[insee] = zones_of_commune(insee, departement)
                social, abc = zones[insee]
                typology = TYPOLOGIES[typology_index[index]]
                yield (
                    str(landlords[index]),
                    f"{PREFIX}-{index:07d}",
                    f"{typology} {'maison' if is_house[index] else 'appartement'} {financing[index]}",
                    "published",
                    financing[index],
                    "house" if is_house[index] else "flat",
                    typology,
                    f"{surface[index]:.2f}",
                    str(rooms[index]),
                    str(max(rooms[index] - 1, 0)),
                    str(floors[index]),
                    "t" if floors[index] > 2 else "f",
                    "t" if accessible[index] else "f",
                    f"{rent[index]:.2f}",
                    f"{charges[index]:.2f}",
                    insee,
                    departement,
                    social,
                    abc,
                    f"{index % 200 + 1} rue de la Gare",
                    f"{lat + jitter_lat[index]:.6f}",
                    f"{lng + jitter_lng[index]:.6f}",
                    available_on,
                    energy[index],
                    "",
                    created,
                    created,
                )

        _copy(cursor, Offer, generated, rows(), defaults)

    # --- accounts and demands -----------------------------------------------------------------------------

    def _demands(self, cursor, rng, count: int, communes) -> None:
        started = time.perf_counter()
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {User._meta.db_table}")  # noqa: S608 - a model's table
        first_user = cursor.fetchone()[0] + 1
        now = _text(timezone.now())
        user_columns = ["id", "email", "password", "first_name", "last_name", "kind", "is_active", "date_joined"]
        user_defaults = _defaults(User, set(user_columns))

        def users():
            for index in range(count):
                yield (
                    str(first_user + index),
                    f"demandeur{index}@bench.logis.example",
                    "!",  # no usable password
                    "Camille",
                    "Martin",
                    "applicant",
                    "t",
                    now,
                )

        _copy(cursor, User, user_columns, users(), user_defaults)
        self.stderr.write(f"  {count} accounts in {time.perf_counter() - started:.1f} s")

        population = np.array([row[4] for row in communes], dtype=np.float64)
        workplace = rng.choice(len(communes), size=count, p=population / population.sum())
        size = rng.choice([1, 2, 3, 4, 5, 6], size=count, p=[0.38, 0.24, 0.16, 0.13, 0.06, 0.03])
        income = np.round(rng.lognormal(np.log(17000), 0.45, count) * (0.75 + 0.25 * size)).astype(np.int64)
        n1_known = rng.random(count) < 0.3
        n1 = np.round(income * rng.uniform(0.7, 1.15, count)).astype(np.int64)
        resources = np.round(income / 12 * rng.uniform(1.0, 1.3, count)).astype(np.int64)
        max_rent = np.where(rng.random(count) < 0.5, 0, rng.integers(450, 1400, count))
        accessible = rng.random(count) < 0.03
        nationality_draw = rng.random(count)
        birth_year = rng.integers(1960, 2004, count)
        today = timezone.localdate()
        expires = _text(today + dt.timedelta(days=200))
        permit = _text(today + dt.timedelta(days=400))
        wished = {
            1: ["T1", "T2"],
            2: ["T2", "T3"],
            3: ["T3", "T4"],
            4: ["T3", "T4"],
            5: ["T4", "T5"],
            6: ["T5", "T6"],
        }
        wished_json = {key: _text(value) for key, value in wished.items()}
        generated = [
            "owner_id", "numero_unique", "imported_at", "refreshed_at", "expires_on", "register_status",
            "household_size", "reference_income", "monthly_resources", "workplace_commune_id", "wished_communes",
            "wished_typologies", "wished_kind", "max_rent", "accessibility_needed", "nationality",
            "residence_permit_expires_on", "rfr_n1", "household",
        ]  # fmt: skip
        defaults = _defaults(Demand, {"id", *generated})

        def household(index: int, people: int) -> str:
            year = int(birth_year[index])
            members = [f'{{"birth_date":"{year}-04-12","relation":"demandeur","dependant":false,"disability":false}}']
            if people >= 2:
                members.append(
                    f'{{"birth_date":"{year + 1}-09-03","relation":"conjoint","dependant":false,"disability":false}}'
                )
            for child in range(people - 2):
                members.append(
                    f'{{"birth_date":"{min(year + 25 + child * 2, 2024)}-01-20","relation":"enfant",'
                    '"dependant":true,"disability":false}'
                )
            return "[" + ",".join(members) + "]"

        def rows():
            for index in range(count):
                insee = communes[workplace[index]][0]
                people = int(size[index])
                draw = nationality_draw[index]
                nationality = "FR" if draw < 0.86 else ("UE" if draw < 0.92 else "HUE")
                yield (
                    str(first_user + index),
                    f"B{index:09d}BENCH000",
                    now,
                    now,
                    expires,
                    "active",
                    str(people),
                    str(income[index]),
                    str(resources[index]),
                    insee,
                    f'["{insee}"]',
                    wished_json[people],
                    "any",
                    str(max_rent[index]) if max_rent[index] else r"\N",
                    "t" if accessible[index] else "f",
                    nationality,
                    permit if nationality == "HUE" else r"\N",
                    str(n1[index]) if n1_known[index] else r"\N",
                    household(index, people),
                )

        _copy(cursor, Demand, generated, rows(), defaults)
        self.stderr.write(f"  {count} demands in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "mes_offres_dataset", *sys.argv[1:]])
