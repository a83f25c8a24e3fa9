from django.core.management.base import BaseCommand

from logis.applications.services import applications_expire_offers
from logis.commission.services import conditions_lapse
from logis.core.text import plural


class Command(BaseCommand):
    help = (
        "Scheduled job (run it daily): every offer left without an answer past the legal delay (CCH R441-10) "
        "expires, and every suspensive condition past its deadline without the piece ends in non-attribution; "
        "either way the dwelling passes to the next ranked candidate. Safe to run twice."
    )

    def handle(self, *args, **options):
        expired = applications_expire_offers()
        for application in expired:
            self.stdout.write(f"Candidature n° {application.pk} (offre {application.offer.reference}) : expirée.")
        lapsed = conditions_lapse()
        for application in lapsed:
            self.stdout.write(
                f"Candidature n° {application.pk} (offre {application.offer.reference}) : condition suspensive "
                "non remplie."
            )
        self.stdout.write(
            f"{plural(len(expired), 'proposition expirée')}, "
            f"{plural(len(lapsed), 'condition non remplie', 'conditions non remplies')}."
        )
