from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_offers_no_parallel_scans"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="offer",
            name="offers_offe_status_6e70ad_idx",
        ),
        migrations.RemoveIndex(
            model_name="offer",
            name="offers_offe_status_385497_idx",
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("status", "published")), fields=["departement"], name="offer_live_dep_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("status", "published")), fields=["lat", "lng"], name="offer_live_lat_lng_idx"
            ),
        ),
    ]
