"""Aids and loans: the statuses the Logis team sets in the back office, and the applicants' requests.

The catalogue itself (who, how much, deadlines, sources) lives in the dated file logis/rules/data/aids_2026.toml;
a status change recorded here overrides the file's status from its date, without a deployment (aids that stop
without warning are a top complaint: the page must say it first).
"""

from django.conf import settings
from django.db import models

from logis.rules.aids import STATUS_LABELS, load_catalogue


def aid_choices():
    return [(aid.code, aid.name) for aid in load_catalogue().aids]


class AidStatusChange(models.Model):
    """One decision of the Logis team on an aid's status (append-only: the history stays)."""

    class Status(models.TextChoices):
        OPEN = "open", STATUS_LABELS["open"]
        SUSPENDED = "suspended", STATUS_LABELS["suspended"]
        CLOSED = "closed", STATUS_LABELS["closed"]

    aid = models.CharField("aide", max_length=40, choices=aid_choices)
    status = models.CharField("statut", max_length=20, choices=Status.choices)
    since = models.DateField("depuis le", help_text="Date à partir de laquelle le statut s'applique.")
    note = models.TextField(
        "explication affichée", blank=True, help_text="Dite aux demandeurs : pourquoi, jusqu'à quand, que faire."
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )

    class Meta:
        verbose_name = "changement de statut d'une aide"
        verbose_name_plural = "changements de statut des aides"
        ordering = ["-since", "-created_at", "-pk"]
        indexes = [models.Index(fields=["aid", "-since"])]

    def __str__(self):
        return f"{self.get_aid_display()} : {self.get_status_display()} depuis le {self.since:%d/%m/%Y}"


class AidRequestQuerySet(models.QuerySet):
    def of_applicant(self, user):
        return self.filter(applicant=user) if user.is_authenticated else self.none()

    def in_progress(self):
        return self.filter(status__in=AidRequest.IN_PROGRESS)

    def for_advisors(self):
        """What waits for an advisor: sent requests, and those waiting for the employer's agreement."""
        return self.filter(status__in=[AidRequest.Status.SUBMITTED, AidRequest.Status.AWAITING_EMPLOYER])


class AidRequest(models.Model):
    """An applicant's request for an aid or a loan, with the pieces of their file, examined by an advisor."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon : pièces à compléter"
        SUBMITTED = "submitted", "Envoyée : en attente d'un conseiller"
        AWAITING_EMPLOYER = "awaiting_employer", "En attente de l'accord de l'employeur"
        GRANTED = "granted", "Accordée"
        REFUSED = "refused", "Refusée"
        WITHDRAWN = "withdrawn", "Retirée"

    IN_PROGRESS = (Status.DRAFT, Status.SUBMITTED, Status.AWAITING_EMPLOYER)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aid_requests", verbose_name="demandeur"
    )
    demand = models.ForeignKey(
        "demands.Demand", on_delete=models.CASCADE, related_name="aid_requests", verbose_name="demande"
    )
    aid = models.CharField("aide", max_length=40, choices=aid_choices)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.DRAFT)
    amount = models.DecimalField("montant demandé (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    details = models.JSONField("précisions", default=dict, blank=True)
    reason = models.TextField("motif de la décision", blank=True)
    created_at = models.DateTimeField("créée le")
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )

    objects = AidRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'aide"
        verbose_name_plural = "demandes d'aide"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One request per aid in progress at a time (a double click, two tabs: the database decides).
            models.UniqueConstraint(
                fields=["applicant", "aid"],
                condition=models.Q(status__in=["draft", "submitted", "awaiting_employer"]),
                name="aid_request_one_in_progress",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.get_aid_display()} — {self.applicant} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS


class AidRequestPiece(models.Model):
    """A piece of the file sent with the request (the version current when it was sent)."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="pieces")
    version = models.ForeignKey(
        "documents.PieceVersion", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="version"
    )
    label = models.CharField("pièce", max_length=200)

    class Meta:
        verbose_name = "pièce d'une demande d'aide"
        verbose_name_plural = "pièces des demandes d'aide"
        ordering = ["pk"]

    def __str__(self):
        return self.label


class AidRequestEvent(models.Model):
    """The dated history of a request, as the applicant and the advisor read it."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("le")
    status = models.CharField("statut", max_length=20, choices=AidRequest.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField("précision", blank=True)

    class Meta:
        verbose_name = "étape d'une demande d'aide"
        verbose_name_plural = "étapes des demandes d'aide"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id} : {self.get_status_display()} le {self.at:%d/%m/%Y}"
