"""Saved searches of "Mes offres" with their e-mail alerts, and favourite offers.

A saved search keeps the filters of "Mes offres" as they appear in its address (`criteria`, the form's field
names), so that opening it shows the same list. Its alerts tell the person of offers published after the search was
saved; `SearchAlertSent` records each (search, offer) pair alerted, once, by a unique constraint.
"""

from django.conf import settings
from django.db import models


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        NONE = "none", "Pas d'alerte par e-mail"
        IMMEDIATE = "immediate", "Dès qu'une offre est publiée"
        DAILY = "daily", "Une fois par jour, le matin"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("nom de la recherche", max_length=80)
    # The filters of Mes offres, by the field names of its address (logis.offers.forms.OfferFilterForm).
    criteria = models.JSONField("critères", default=dict)
    eligible_only = models.BooleanField("uniquement les offres auxquelles je peux postuler", default=True)
    frequency = models.CharField("alertes", max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # Changes at each unsubscription and each new choice of alerts: an unsubscribe link names the version it was
    # sent with, so a link used once (or older than the last choice) changes nothing when opened again.
    alerts_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_once_per_person")]
        indexes = [
            models.Index(fields=["frequency"], condition=~models.Q(frequency="none"), name="saved_search_alerted")
        ]

    def __str__(self):
        return self.name

    @property
    def alerts_on(self) -> bool:
        return self.frequency != self.Frequency.NONE


class SearchAlertSent(models.Model):
    """An offer alerted for a search: at most one row per pair, whatever the retries and the parallel jobs."""

    # A million rows a day at scale, written by one INSERT … SELECT per batch of searches: no foreign-key trigger
    # per row (db_constraint=False); Django still deletes a search's or an offer's rows with it (CASCADE), and the
    # unique constraint below is what the "exactly once" rests on.
    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts_sent", db_constraint=False)
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    sent_at = models.DateTimeField("envoyée le", auto_now_add=True)

    class Meta:
        verbose_name = "alerte envoyée"
        verbose_name_plural = "alertes envoyées"
        constraints = [models.UniqueConstraint(fields=["search", "offer"], name="search_alert_once_per_offer")]

    def __str__(self):
        return f"{self.search} — {self.offer_id}"


class Favourite(models.Model):
    """An offer kept aside by a person (« Mes favoris »); kept when the offer is no longer available, shown so."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "favori"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "offer"], name="favourite_once_per_offer")]

    def __str__(self):
        return f"{self.owner} — {self.offer_id}"
