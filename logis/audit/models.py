"""One row per read of a person's sensitive data: who, whose, what, when, for which purpose. Append-only.

Rows outlive what they record: the people and objects they point at are kept as ids without foreign-key
constraints (an account deleted, a demand purged, the row stays) and as labels written at the time.
"""

from django.conf import settings
from django.db import models

from logis.organizations.roles import ROLE_CHOICES


class AppendOnlyError(Exception):
    """The access log is never rewritten: no update, no delete (only the retention purge removes old rows, and an
    account's deletion takes the person's name out of the rows about them)."""


class Purpose(models.TextChoices):
    OWN_DATA = "own_data", "Consultation de vos propres données"
    INSTRUCTION = "instruction", "Instruction de votre candidature par le bailleur"
    PURCHASE = "purchase", "Étude de votre intérêt pour un logement à acheter par son vendeur"
    COMMISSION = "commission", "Examen de votre dossier en commission d'attribution (CALEOL)"
    EMPLOYER_AGREEMENT = "employer_agreement", "Réponse de votre employeur à votre demande d'accord"
    ADVISOR_SUPPORT = "advisor_support", "Accompagnement par un conseiller Logis"
    SUPPORT = "support", "Assistance et contrôle par l'équipe Logis"
    EXPORT = "export", "Export de données"
    TENANT_FILE = "tenant_file", "Dossier locataire que vous avez partagé (location du parc privé)"


class SensitiveReadQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal des consultations ne se modifie pas.")

    def delete(self):
        raise AppendOnlyError("Le journal des consultations ne se supprime pas.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Le journal des consultations ne se modifie pas.")

    def about(self, user):
        return self.filter(subject_id=user.pk)

    def anonymise_subject(self) -> int:
        """Account deletion only (the person's « Mes données »): the rows stay, the person's name leaves them."""
        return models.QuerySet.update(self, subject_label="Compte supprimé")

    def purge_before(self, cutoff) -> int:
        """Retention only (logis.audit.services.audit_purge): rows older than `cutoff` leave, nothing else."""
        return self.filter(at__lt=cutoff)._raw_delete(self.db)


def _loose(to, **kwargs):
    """A reference that survives the deletion of its target (no constraint, no cascade)."""
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+", **kwargs
    )


class SensitiveRead(models.Model):
    at = models.DateTimeField("le", db_index=True)
    subject = _loose(settings.AUTH_USER_MODEL, verbose_name="personne concernée")
    subject_label = models.CharField("personne concernée", max_length=250)
    numero_unique = models.CharField("numéro unique", max_length=40, blank=True, db_index=True)
    demand = _loose("demands.Demand", verbose_name="demande")
    application = _loose("applications.Application", verbose_name="candidature")
    actor = _loose(settings.AUTH_USER_MODEL, verbose_name="compte")
    actor_label = models.CharField("consulté par", max_length=250)
    organization = models.CharField("organisme", max_length=200, blank=True)
    role = models.CharField("en qualité de", max_length=20, choices=ROLE_CHOICES)
    purpose = models.CharField("finalité", max_length=30, choices=Purpose.choices)
    what = models.CharField("données consultées", max_length=250)
    path = models.CharField("adresse", max_length=300, blank=True)
    watermarked = models.BooleanField("copie filigranée", default=False)

    objects = SensitiveReadQuerySet.as_manager()

    class Meta:
        verbose_name = "consultation de données sensibles"
        verbose_name_plural = "consultations de données sensibles"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"]), models.Index(fields=["demand", "-at"])]

    def __str__(self):
        return f"{self.actor_label} — {self.what}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Le journal des consultations ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal des consultations ne se supprime pas.")

    @property
    def by_the_person(self) -> bool:
        return self.actor_id is not None and self.actor_id == self.subject_id
