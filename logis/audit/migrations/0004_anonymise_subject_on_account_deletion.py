"""The access log stays append-only, with one exception: when a person deletes their account, their name leaves the
rows about them (subject_label becomes « Compte supprimé »); every other column must stay as it was."""

from django.db import migrations

ALLOW_ANONYMISATION = """
CREATE OR REPLACE FUNCTION audit_sensitiveread_no_update() RETURNS trigger AS $$
BEGIN
    IF NEW.subject_label = 'Compte supprimé'
       AND (to_jsonb(NEW) - 'subject_label') = (to_jsonb(OLD) - 'subject_label') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_sensitiveread is append-only';
END;
$$ LANGUAGE plpgsql;
"""
STRICT = """
CREATE OR REPLACE FUNCTION audit_sensitiveread_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_sensitiveread is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ANONYMISATION)


def strict(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STRICT)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_purpose_purchase")]

    operations = [migrations.RunPython(allow, strict)]
