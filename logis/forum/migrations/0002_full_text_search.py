"""PostgreSQL: the French full-text vectors of posts and thread titles, kept by a trigger, and their GIN indexes.

tsvector_update_trigger is PostgreSQL's built-in: it recomputes the vector whenever the text changes, whatever
writes it (services, admin, bulk loads of the benchmark). On SQLite (the demo) nothing is created: the search
falls back to a simple word search (logis.forum.selectors.search).
"""

from django.db import migrations

FORWARD = """
CREATE TRIGGER forum_post_search BEFORE INSERT OR UPDATE OF body ON forum_post
FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.french', body);
CREATE TRIGGER forum_thread_search BEFORE INSERT OR UPDATE OF title ON forum_thread
FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.french', title);
UPDATE forum_post SET search = to_tsvector('pg_catalog.french', body);
UPDATE forum_thread SET search = to_tsvector('pg_catalog.french', title);
CREATE INDEX forum_post_search_gin ON forum_post USING gin (search);
CREATE INDEX forum_thread_search_gin ON forum_thread USING gin (search);
"""
BACKWARD = """
DROP INDEX IF EXISTS forum_post_search_gin;
DROP INDEX IF EXISTS forum_thread_search_gin;
DROP TRIGGER IF EXISTS forum_post_search ON forum_post;
DROP TRIGGER IF EXISTS forum_thread_search ON forum_thread;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
