"""CALEOL sessions: the agenda by offer, and one decision of the legal list for each candidate (CCH R441-3)."""

from django.conf import settings
from django.db import models

from logis.applications import reasons
from logis.organizations.roles import is_logis_team


class CommissionSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the landlords where `user` is an active agent or commission member; staff see all."""
        if is_logis_team(user):
            return self
        landlord_ids = user.memberships.filter(
            is_active=True, organization__kind="landlord", role__in=["agent", "commission"]
        ).values("organization_id")
        return self.filter(landlord_id__in=landlord_ids)


class CommissionSession(models.Model):
    """One sitting of a landlord's Commission d'attribution des logements et d'examen de l'occupation."""

    landlord = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="commission_sessions",
        limit_choices_to={"kind": "landlord"},
        verbose_name="bailleur",
    )
    held_at = models.DateTimeField("date et heure de la séance")
    place = models.CharField("lieu", max_length=200, blank=True)
    members = models.ManyToManyField(
        "organizations.Membership", related_name="commission_sessions", blank=True, verbose_name="membres"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("créée le")
    closed_at = models.DateTimeField("procès-verbal arrêté le", null=True, blank=True)

    objects = CommissionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "séance de CALEOL"
        verbose_name_plural = "séances de CALEOL"
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["landlord", "held_at"])]

    def __str__(self):
        return f"CALEOL du {self.held_at:%d/%m/%Y}"


class AgendaOffer(models.Model):
    """An offer on the agenda of a session, with the legal reason when fewer than three candidates are presented."""

    class FewerReason(models.TextChoices):
        TOO_FEW_CANDIDATES = "too_few", "Insuffisance du nombre des candidats"
        DALO = "dalo", "Ménage reconnu prioritaire DALO désigné par le préfet"
        PLAI_ADAPTE = "plai_adapte", "Logement financé en PLAI adapté (article D331-25-1 du CCH)"

    session = models.ForeignKey(CommissionSession, on_delete=models.CASCADE, related_name="agenda")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="agenda_entries")
    fewer_reason = models.CharField(
        "motif de présentation de moins de trois candidats", max_length=20, choices=FewerReason.choices, blank=True
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "offre à l'ordre du jour"
        verbose_name_plural = "offres à l'ordre du jour"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "offer"], name="agenda_offer_unique")]

    def __str__(self):
        return f"{self.offer} ({self.session})"


class AgendaItem(models.Model):
    """A candidate presented for an offer at a session."""

    agenda_offer = models.ForeignKey(AgendaOffer, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField("ordre de présentation", default=1)

    class Meta:
        verbose_name = "candidat à l'ordre du jour"
        verbose_name_plural = "candidats à l'ordre du jour"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_offer", "application"], name="agenda_item_unique"),
        ]

    def __str__(self):
        return f"{self.application} ({self.agenda_offer})"


class Decision(models.Model):
    """The commission's one decision on one candidate presented at one session (CCH R441-3 a to e)."""

    class Kind(models.TextChoices):
        ATTRIBUTION = "attribution", "Attribution"
        RANKED = "ranked", "Attribution avec classement"
        CONDITIONAL = "conditional", "Attribution sous condition suspensive"
        NOT_ATTRIBUTED = "not_attributed", "Non-attribution"
        INADMISSIBLE = "inadmissible", "Irrecevabilité"

    # One decision per candidate presented: the database refuses a second one.
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="decisions")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(CommissionSession, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("décision", max_length=20, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField("rang", null=True, blank=True)
    missing_piece = models.CharField("pièce manquante", max_length=200, blank=True)
    deadline = models.DateField("date limite de production de la pièce", null=True, blank=True)
    reason = models.TextField("motif", blank=True)
    reason_category = models.CharField(
        "catégorie du motif", max_length=40, choices=reasons.all_choices(), blank=True, default=""
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField("décidée le")

    class Meta:
        verbose_name = "décision de CALEOL"
        verbose_name_plural = "décisions de CALEOL"
        ordering = ["session", "offer", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="decision_one_per_candidate"),
            models.UniqueConstraint(
                fields=["session", "offer", "rank"],
                condition=models.Q(rank__isnull=False),
                name="decision_rank_unique_per_offer",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="ranked", rank__gte=1) | (~models.Q(kind="ranked") & models.Q(rank=None))),
                name="decision_rank_only_when_ranked",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="conditional")
                | (~models.Q(missing_piece="") & models.Q(deadline__isnull=False)),
                name="decision_condition_has_piece_and_deadline",
            ),
            # Only a non-attribution and an irrecevability carry a motive (R441-3 d, e); they always do.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["not_attributed", "inadmissible"])
                    & ~models.Q(reason="")
                    & ~models.Q(reason_category="")
                )
                | (~models.Q(kind__in=["not_attributed", "inadmissible"]) & models.Q(reason="", reason_category="")),
                name="decision_reason_only_when_refused",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"
