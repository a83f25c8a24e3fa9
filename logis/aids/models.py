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
