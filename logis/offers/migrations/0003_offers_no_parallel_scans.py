from django.db import migrations


def no_parallel_workers(apps, schema_editor):
    """On PostgreSQL, no parallel workers on the offers table: "Mes offres" runs small, bounded queries (a capped
    count, a page read within circles) whose row estimates are low, and launching workers for them cost more than
    the query itself (measured with EXPLAIN ANALYZE on the benchmark data set, benchmarks/bench_mes_offres.py)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE offers_offer SET (parallel_workers = 0)")


def reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE offers_offer RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_offer_ceiling_zones"),
    ]

    operations = [migrations.RunPython(no_parallel_workers, reset)]
