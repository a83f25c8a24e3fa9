from django.db import migrations

from logis.rules.zones import UnknownCommune, abc_zone, load_zone_tables, social_zone


def refresh(apps, schema_editor):
    """Offers in a former commune (e.g. 93059, now Saint-Denis): their denormalised zones follow the merger."""
    Offer = apps.get_model("offers", "Offer")
    merged = load_zone_tables().merged
    for offer in Offer.objects.filter(commune_id__in=list(merged)):
        offer.social_zone = social_zone(offer.commune_id, offer.departement or None).value
        try:
            offer.abc_zone = abc_zone(offer.commune_id).value
        except UnknownCommune:
            offer.abc_zone = ""
        offer.save(update_fields=["social_zone", "abc_zone"])


class Migration(migrations.Migration):
    dependencies = [("offers", "0005_effort_terms")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
