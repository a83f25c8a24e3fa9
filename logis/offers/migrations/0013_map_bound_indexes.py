# The map of Mes offres (ADR 0017) bounds the ability cost by the demand's largest affordable cost, and rent and
# charges by its maximum rent: PostgreSQL combines these indexes with the circle's box (BitmapAnd) only when it knows
# how the expressions' values spread, which ANALYZE gathers for an expression index (with a partial one, the planner
# kept its default estimate on the benchmark's data). Analysed here, not at the next autovacuum.
import django.db.models.expressions
from django.db import migrations, models



def analyze_offers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE offers_offer")


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0001_initial'),
        ('offers', '0012_logis_earth_inlined'),
        ('organizations', '0005_role_labels_in_words'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(models.Case(models.When(channel='private', then=models.Value(0)), default=models.ExpressionWrapper(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('rent'), '+', models.F('annex_rent')), '+', models.F('charges')), '+', models.F('energy_contribution')), '+', models.Case(models.When(models.Q(('individual_water', True), ('individual_heating', True), _connector='OR'), then=models.F('individual_flat_charge')), default=models.Value(0), output_field=models.DecimalField(decimal_places=2, max_digits=8))), output_field=models.DecimalField(decimal_places=2, max_digits=10)), output_field=models.DecimalField(decimal_places=2, max_digits=10)), name='offer_ability_cost_idx'),
        ),
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(django.db.models.expressions.CombinedExpression(models.F('rent'), '+', models.F('charges')), name='offer_monthly_total_idx'),
        ),
        migrations.RunPython(analyze_offers, migrations.RunPython.noop),
    ]
