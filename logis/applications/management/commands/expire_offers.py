from django.core.management.base import BaseCommand

from logis.applications.services import applications_expire_offers


class Command(BaseCommand):
    help = (
        "Scheduled job (run it daily): every offer left without an answer past the legal delay (CCH R441-10) "
        "expires and passes to the next ranked candidate. Safe to run twice."
    )

    def handle(self, *args, **options):
        expired = applications_expire_offers()
        for application in expired:
            self.stdout.write(f"Candidature n° {application.pk} (offre {application.offer.reference}) : expirée.")
        self.stdout.write(f"{len(expired)} proposition(s) expirée(s).")
