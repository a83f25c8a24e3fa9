from django.db import migrations

# The index of 0010 was built on contrib's ll_to_earth(), whose SQL body names cube() and earth() without their
# schema: pg_restore, which runs with an empty search_path, could not rebuild it ("type earth does not exist") and
# every backup of the database failed to restore (tests/backups). The index now reads logis_earth(), the same
# position with the search path it was created with fixed on the function (SET search_path FROM CURRENT), so that a
# restore resolves it; selectors.py orders by the same expression so that the planner still uses the index.
FORWARD = [
    "CREATE OR REPLACE FUNCTION logis_earth(lat double precision, lng double precision) RETURNS earth "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS 'SELECT ll_to_earth(lat, lng)'",
    "DROP INDEX IF EXISTS offer_live_earth_idx",
    "CREATE INDEX offer_live_earth_idx ON offers_offer USING gist (logis_earth(lat, lng)) WHERE status = 'published'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS offer_live_earth_idx",
    "CREATE INDEX offer_live_earth_idx ON offers_offer USING gist (ll_to_earth(lat, lng)) WHERE status = 'published'",
    "DROP FUNCTION IF EXISTS logis_earth(double precision, double precision)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0010_nearest_first_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
