# The map of Mes offres (ADR 0017): the circle's box among the offers of the financings the income allows, of the
# typologies wished, or accessible. Plain columns: ANALYZE's statistics of the table serve them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0001_initial'),
        ('offers', '0013_map_bound_indexes'),
        ('organizations', '0005_role_labels_in_words'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['financing', 'lat', 'lng'], name='offer_live_financing_pos_idx'),
        ),
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['typology', 'lat', 'lng'], name='offer_live_typology_pos_idx'),
        ),
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(condition=models.Q(('is_accessible', True), ('status', 'published')), fields=['lat', 'lng'], name='offer_live_accessible_pos_idx'),
        ),
    ]
