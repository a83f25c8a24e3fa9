"""The documents app's access log becomes the platform's (logis.audit); on PostgreSQL the table refuses UPDATE."""

from django.db import migrations

ROLES = {"owner": "applicant", "landlord_agent": "landlord_agent", "commission": "commission", "advisor": "advisor"}
PURPOSES = {
    "owner": "own_data",
    "landlord_agent": "instruction",
    "commission": "commission",
    "advisor": "advisor_support",
}


def copy_document_accesses(apps, schema_editor):
    AccessLog = apps.get_model("documents", "AccessLog")
    SensitiveRead = apps.get_model("audit", "SensitiveRead")
    rows = []
    for log in AccessLog.objects.select_related("demand__owner").iterator():
        owner = log.demand.owner
        rows.append(
            SensitiveRead(
                at=log.at,
                subject_id=owner.pk,
                subject_label=f"{owner.first_name} {owner.last_name}".strip() or owner.email,
                numero_unique=log.demand.numero_unique,
                demand_id=log.demand_id,
                application_id=log.application_id,
                actor_id=log.user_id,
                actor_label=log.who,
                organization=log.organization,
                role=ROLES.get(log.role, log.role),
                purpose=PURPOSES.get(log.role, "support"),
                what=log.what,
                watermarked=log.watermarked,
            )
        )
    SensitiveRead.objects.bulk_create(rows, batch_size=1000)


NO_UPDATE = """
CREATE OR REPLACE FUNCTION audit_sensitiveread_no_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_sensitiveread is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_sensitiveread_no_update BEFORE UPDATE ON audit_sensitiveread
    FOR EACH ROW EXECUTE FUNCTION audit_sensitiveread_no_update();
"""
DROP_NO_UPDATE = """
DROP TRIGGER IF EXISTS audit_sensitiveread_no_update ON audit_sensitiveread;
DROP FUNCTION IF EXISTS audit_sensitiveread_no_update();
"""


def forbid_updates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NO_UPDATE)


def allow_updates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NO_UPDATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("documents", "0001_initial"), ("demands", "0003_demand_eligibility_facts")]

    operations = [
        migrations.RunPython(copy_document_accesses, migrations.RunPython.noop),
        migrations.RunPython(forbid_updates, allow_updates),
    ]
