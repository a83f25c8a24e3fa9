from django.db import migrations

# ADR 0017: on PostgreSQL, "Mes offres" and its map read offers nearest first from a GiST index of their position on
# the Earth (contrib cube and earthdistance, both trusted extensions: the owner of the database may create them).
# SQLite (the demo) keeps the equirectangular ordering of ADR 0002 and needs nothing.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS cube",
    "CREATE EXTENSION IF NOT EXISTS earthdistance",
    "CREATE INDEX IF NOT EXISTS offer_live_earth_idx ON offers_offer USING gist (ll_to_earth(lat, lng)) "
    "WHERE status = 'published'",
]
BACKWARD = ["DROP INDEX IF EXISTS offer_live_earth_idx"]  # the extensions stay: other objects may use them


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
        ("offers", "0009_listvisit"),
    ]

    operations = [migrations.RunPython(forward, backward)]
