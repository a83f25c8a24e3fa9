from django.db import migrations, models
from django.utils import timezone

from logis.rules.deadlines import answer_deadline


def backfill(apps, schema_editor):
    """Offers made before the deadline was stored: the ten days they announced, counted as the texts count them."""
    Application = apps.get_model("applications", "Application")
    TransitionLog = apps.get_model("applications", "TransitionLog")
    for application in Application.objects.filter(state="offer_made").select_related("offer"):
        log = TransitionLog.objects.filter(application=application, to_state="offer_made").order_by("-at").first()
        offered_at = log.at if log else application.updated_at
        application.answer_deadline = answer_deadline(
            timezone.localdate(offered_at), departement=application.offer.departement or None
        )
        application.save(update_fields=["answer_deadline"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_state_labels_neutral"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="answer_deadline",
            field=models.DateField(blank=True, null=True, verbose_name="réponse attendue au plus tard le"),
        ),
        migrations.AlterField(
            model_name='application',
            name='state',
            field=models.CharField(choices=[('submitted', 'Candidature envoyée au bailleur'), ('validated', 'Dossier validé par le bailleur'), ('set_aside', 'Dossier non retenu par le bailleur'), ('in_commission', "Dossier présenté en commission d'attribution (CALEOL)"), ('ranked', "Classé(e) par la CALEOL : le logement est d'abord proposé aux candidats classés avant"), ('conditional', 'Logement attribué sous condition suspensive : pièce à fournir'), ('offer_made', 'Logement proposé : réponse attendue'), ('accepted', 'Proposition acceptée : visite à programmer'), ('visit_scheduled', 'Visite du logement programmée'), ('lease_signed', 'Bail signé'), ('refused', 'Proposition refusée'), ('expired', 'Proposition expirée faute de réponse dans le délai'), ('not_attributed', 'Logement non attribué par la CALEOL'), ('inadmissible', 'Demande déclarée irrecevable par la CALEOL'), ('lapsed', 'Logement attribué à un autre candidat'), ('withdrawn', 'Candidature retirée')], default='submitted', max_length=20, verbose_name='étape'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
