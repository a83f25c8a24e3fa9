"""What the landlord's agent records beside the workflow: the visit of the dwelling offered."""

from django.conf import settings
from django.db import models


class Visit(models.Model):
    """The visit of the dwelling by the applicant who accepted it (date and time chosen by the agent)."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="visit")
    at = models.DateTimeField("date et heure de la visite")
    meeting_point = models.CharField("lieu de rendez-vous", max_length=200, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    scheduled_at = models.DateTimeField("programmée le")

    class Meta:
        verbose_name = "visite"

    def __str__(self):
        return f"Visite du {self.at:%d/%m/%Y %H:%M}"
