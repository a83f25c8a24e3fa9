"""Social support for employees in difficulty (services-and-aids.md §1.6): the request, the advisor's diagnosis,
the action plan, the reciprocal commitment contract, the follow-up notes and the closure.

Strictly confidential: shown to the applicant and to the advisors of the operator only (logis.support.perms), never
to an employer nor to a landlord; every read by an advisor is recorded (logis.audit) and shown to the applicant.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class SupportCase(models.Model):
    class Event(models.TextChoices):
        # The unforeseeable events of §1.6 that threaten reaching or keeping a home.
        RENT = "rent", "Difficulté à payer mon loyer"
        MORTGAGE = "mortgage", "Difficulté à payer les échéances de mon prêt immobilier"
        EVICTION = "eviction", "Risque d'expulsion"
        SEIZURE = "seizure", "Risque de saisie de mon logement"
        DEBT = "debt", "Difficultés financières, surendettement"
        SEPARATION = "separation", "Séparation"
        JOB_LOSS = "job_loss", "Perte d'emploi, chômage"
        ILLNESS = "illness", "Maladie"
        DEATH = "death", "Décès d'un proche"
        DISASTER = "disaster", "Sinistre dans mon logement (incendie, dégât des eaux…)"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Demande reçue"
        IN_PROGRESS = "in_progress", "Accompagnement en cours"
        CLOSED = "closed", "Accompagnement terminé"

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "Situation rétablie (logement maintenu)"
        REHOUSED = "rehoused", "Relogement dans un logement adapté"
        REFERRED = "referred", "Orientation vers un partenaire (FSL, Banque de France, association…)"
        DECLINED = "declined", "Arrêt à la demande de la personne"
        NO_CONTACT = "no_contact", "Sans nouvelles de la personne"

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_cases")
    event = models.CharField("événement", max_length=20, choices=Event.choices)
    account = models.TextField("votre situation en quelques mots")
    consent_at = models.DateTimeField("accord de partage avec le conseiller le")
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.REQUESTED)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_caseload",
        verbose_name="conseiller ou conseillère",
    )
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    taken_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    # The diagnosis (§1.6 step 1): the family, work, housing and budget situation.
    diagnosis_family = models.TextField("situation familiale", blank=True)
    diagnosis_work = models.TextField("situation professionnelle", blank=True)
    diagnosis_housing = models.TextField("situation de logement", blank=True)
    diagnosis_budget = models.TextField("budget", blank=True)
    diagnosis_at = models.DateTimeField("diagnostic fait le", null=True, blank=True)
    closed_at = models.DateTimeField("terminé le", null=True, blank=True)
    outcome = models.CharField("issue", max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("bilan", blank=True)

    class Meta:
        verbose_name = "accompagnement social"
        verbose_name_plural = "accompagnements sociaux"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"], condition=~models.Q(status="closed"), name="support_one_open_case"
            )
        ]
        indexes = [models.Index(fields=["status", "advisor"], name="support_caseload")]

    def __str__(self):
        return f"Accompagnement n° {self.pk}"

    def get_absolute_url(self):
        return reverse("support:case")

    @property
    def has_diagnosis(self) -> bool:
        return self.diagnosis_at is not None


class PlanStep(models.Model):
    """A step of the action plan (§1.6 step 2): what, who does it, by when."""

    class Owner(models.TextChoices):
        APPLICANT = "applicant", "Vous"
        ADVISOR = "advisor", "Votre conseiller ou conseillère"
        PARTNER = "partner", "Un partenaire"

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="steps")
    label = models.CharField("étape", max_length=250)
    owner = models.CharField("qui", max_length=12, choices=Owner.choices)
    partner = models.CharField("partenaire", max_length=150, blank=True)
    due_on = models.DateField("pour le")
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    reminded_on = models.DateField("relance envoyée le", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "étape du plan d'action"
        verbose_name_plural = "étapes du plan d'action"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], name="support_step_due", condition=models.Q(done_at__isnull=True))]

    def __str__(self):
        return self.label

    @property
    def owner_label(self) -> str:
        if self.owner == self.Owner.PARTNER and self.partner:
            return self.partner
        return self.get_owner_display()

    def is_late(self, today) -> bool:
        return self.done_at is None and self.due_on < today


class Contract(models.Model):
    """The reciprocal commitment contract (§1.6 step 3): the plan as it stood, accepted by both sides in the
    product. A new plan makes a new version, to be accepted again."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="contracts")
    version = models.PositiveSmallIntegerField()
    # The commitments as generated (steps, owners, dates) — the PDF is rendered from this, never from the live plan.
    content = models.JSONField()
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applicant_accepted_at = models.DateTimeField("accepté par la personne le", null=True, blank=True)
    advisor_accepted_at = models.DateTimeField("accepté par le conseiller le", null=True, blank=True)

    class Meta:
        verbose_name = "contrat d'engagement réciproque"
        verbose_name_plural = "contrats d'engagement réciproque"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="support_contract_version")]

    def __str__(self):
        return f"Contrat v{self.version} ({self.case})"

    @property
    def is_signed(self) -> bool:
        return bool(self.applicant_accepted_at and self.advisor_accepted_at)


class CaseNote(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("note")
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "note de suivi"
        verbose_name_plural = "notes de suivi"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Note du {self.at:%d/%m/%Y}"
