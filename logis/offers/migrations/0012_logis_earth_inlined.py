from django.db import migrations

# logis_earth() of 0011 fixed its search path with SET search_path FROM CURRENT, so that pg_restore could rebuild the
# index: a function with a SET clause is never inlined, and PostgreSQL then called it, with its search path switched
# and restored, for every offer the nearest-first scan read (EXPLAIN ANALYZE on the benchmark: 62 ms for the 1,301
# offers nearest to Paris, 16 ms inlined). Its body now names every function and type with its schema (contrib's
# ll_to_earth written out, the schema read from pg_extension), which restores as well and is inlined into the
# index's expression and the queries alike: the index itself is unchanged (same values).
BODY = (
    "SELECT {s}.cube({s}.cube({s}.cube({s}.earth() * pg_catalog.cos(pg_catalog.radians(lat)) * "
    "pg_catalog.cos(pg_catalog.radians(lng))), {s}.earth() * pg_catalog.cos(pg_catalog.radians(lat)) * "
    "pg_catalog.sin(pg_catalog.radians(lng))), {s}.earth() * pg_catalog.sin(pg_catalog.radians(lat)))::{s}.earth"
)
SIGNATURE = "logis_earth(lat double precision, lng double precision)"
OPTIONS = "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"


def _schema(schema_editor) -> str:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'earthdistance'"
        )
        return cursor.fetchone()[0]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema = _schema(schema_editor)
        body = BODY.format(s=schema).replace("'", "''")
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {SIGNATURE} RETURNS {schema}.earth {OPTIONS} AS '{body}'"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {SIGNATURE} RETURNS earth {OPTIONS} SET search_path FROM CURRENT "
            "AS 'SELECT ll_to_earth(lat, lng)'"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_nearest_first_index_restorable"),
    ]

    operations = [migrations.RunPython(forward, backward)]
