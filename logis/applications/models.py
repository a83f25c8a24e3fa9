from django.conf import settings
from django.db import models

from logis.applications import reasons
from logis.applications.workflow import ACTIVE_STATES, CHANNEL_LABELS, STATE_LABELS, Channel, State
from logis.organizations.roles import LESSOR_KIND_VALUES, is_logis_team

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
CHANNEL_CHOICES = [(c.value, CHANNEL_LABELS[c]) for c in Channel]


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=sorted(s.value for s in ACTIVE_STATES))

    def visible_to(self, user):
        """Applicants see their own applications; a landlord's agents those on their landlord's offers.

        Only the Logis team sees everything: landlord agents also have is_staff (for the offers admin).
        """
        if is_logis_team(user):
            return self
        # An estate agency sees no applicant before an advisor has checked it (awaiting_verification).
        landlord_ids = user.memberships.filter(
            is_active=True, organization__kind__in=LESSOR_KIND_VALUES, organization__awaiting_verification=False
        ).values("organization_id")
        return self.filter(models.Q(demand__owner=user) | models.Q(offer__landlord_id__in=landlord_ids))


class Application(models.Model):
    """An applicant's application ("Je postule") to one offer."""

    demand = models.ForeignKey("demands.Demand", on_delete=models.CASCADE, related_name="applications")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="applications")
    state = models.CharField("étape", max_length=20, choices=STATE_CHOICES, default=State.SUBMITTED.value)
    # The offer's channel (offers.Channel), copied when the application is made so that the database constraints
    # below can read it: one social application at a time, several private ones.
    channel = models.CharField("type de location", max_length=10, choices=CHANNEL_CHOICES, default=Channel.SOCIAL)
    created_at = models.DateTimeField("envoyée le")
    updated_at = models.DateTimeField("mise à jour le")
    # The last day on which the applicant may answer the dwelling offered (CCH R441-10, counted by
    # logis.rules.deadlines): set when the offer is made, shown everywhere, read by the daily expiry job.
    answer_deadline = models.DateField("réponse attendue au plus tard le", null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at"]
        constraints = [
            # One application in progress at a time per demand on social offers: enforced by the database. The
            # applicant may follow several private offers at once, each once (issue #19).
            models.UniqueConstraint(
                fields=["demand"],
                condition=models.Q(state__in=sorted(s.value for s in ACTIVE_STATES), channel=Channel.SOCIAL),
                name="application_one_active_per_demand",
                violation_error_message="Vous avez déjà une candidature en cours.",
            ),
            models.UniqueConstraint(
                fields=["demand", "offer"],
                condition=models.Q(state__in=sorted(s.value for s in ACTIVE_STATES), channel=Channel.PRIVATE),
                name="application_one_active_per_private_offer",
                violation_error_message="Vous avez déjà une candidature en cours pour cette offre.",
            ),
        ]
        indexes = [models.Index(fields=["offer", "state"])]

    def __str__(self):
        return f"Candidature n° {self.pk}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]

    @property
    def is_active(self) -> bool:
        return State(self.state) in ACTIVE_STATES


class TransitionLog(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    # The category of the reason of a set-aside, a non-attribution, an irrecevability (logis.applications.reasons).
    reason_category = models.CharField(
        "catégorie du motif", max_length=40, choices=reasons.all_choices(), blank=True, default=""
    )

    class Meta:
        verbose_name = "étape de l'historique"
        verbose_name_plural = "étapes de l'historique"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return STATE_LABELS[State(self.to_state)]

    @property
    def reason(self) -> reasons.ReasonCategory | None:
        return reasons.get(self.reason_category) if self.reason_category else None
