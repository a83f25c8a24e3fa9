from django.db import migrations, models

from logis.offers.models import zones_of_commune


def fill_zones(apps, schema_editor):
    """Zones of the offers that exist, from their commune (the same function as Offer.fill_zones)."""
    Offer = apps.get_model("offers", "Offer")
    batch = []
    for offer in Offer.objects.only("pk", "commune_id", "departement").iterator(chunk_size=2000):
        offer.social_zone, offer.abc_zone = zones_of_commune(offer.commune_id, offer.departement)
        batch.append(offer)
        if len(batch) >= 2000:
            Offer.objects.bulk_update(batch, ["social_zone", "abc_zone"])
            batch = []
    Offer.objects.bulk_update(batch, ["social_zone", "abc_zone"])


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="abc_zone",
            field=models.CharField(blank=True, default="", editable=False, max_length=4, verbose_name="zone ABC"),
        ),
        migrations.AddField(
            model_name="offer",
            name="social_zone",
            field=models.CharField(
                default="", editable=False, max_length=20, verbose_name="zone des plafonds sociaux"
            ),
        ),
        migrations.RunPython(fill_zones, migrations.RunPython.noop),
    ]
