"""Stored cotation grids (versioned, per territory) and stored scores (each with the grid version it used)."""

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from stdnum.fr import siren

from logis.scoring.grid import Grid, GridError, ScoreResult

DEPARTEMENT_RE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class GridVersionQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day)


class GridVersion(models.Model):
    """One version of a cotation grid for a territory: an EPCI (with its member communes), a département, or the
    national default. The most specific valid version applies to an offer's commune. Once a score uses a version,
    its criteria are frozen: a change is a new version."""

    class Scope(models.TextChoices):
        EPCI = "epci", "EPCI (intercommunalité)"
        DEPARTEMENT = "departement", "Département"
        NATIONAL = "national", "National (grille par défaut)"

    scope = models.CharField("territoire", max_length=12, choices=Scope.choices, default=Scope.NATIONAL)
    scope_code = models.CharField(
        "code du territoire",
        max_length=9,
        blank=True,
        help_text="SIREN de l'EPCI (9 chiffres) ou code du département (69, 2A, 974) ; vide pour la grille nationale.",
    )
    name = models.CharField("nom", max_length=200, help_text="Par exemple : « Grille de la Métropole de Lyon ».")
    communes = models.JSONField(
        "communes membres (EPCI)",
        default=list,
        blank=True,
        help_text='Codes INSEE des communes de l\'EPCI, par exemple ["69123", "69266"].',
    )
    version = models.PositiveIntegerField("version")
    valid_from = models.DateField("applicable à partir du")
    criteria = models.JSONField(
        "critères",
        help_text='Grille au format JSON : {"groups": [...], "criteria": [...]} (voir '
        "logis/scoring/data/default_grid_2026.toml pour le format et les sources).",
    )
    source = models.TextField("délibération ou source", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GridVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de grille de cotation"
        verbose_name_plural = "versions de grilles de cotation"
        ordering = ["scope", "scope_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "scope_code", "version"], name="grid_version_unique_per_scope")
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """« Grille nationale (grille par défaut), version 1 du 1er janvier 2026 »."""
        territory = {
            self.Scope.NATIONAL: "nationale",
            self.Scope.DEPARTEMENT: f"du département {self.scope_code}",
            self.Scope.EPCI: f"de l'EPCI {self.scope_code}",
        }[self.Scope(self.scope)]
        return (
            f"{self.name or 'Grille ' + territory}, version {self.version} du {date_format(self.valid_from, 'j F Y')}"
        )

    @property
    def version_code(self) -> str:
        """Stable code recorded in each score: « national-1 », « departement-69-2 », « epci-200046977-1 »."""
        parts = [self.scope, self.scope_code, str(self.version)]
        return "-".join(part for part in parts if part)

    def grid(self) -> Grid:
        return Grid.from_dict(
            self.criteria,
            version=self.version_code,
            territory=self.scope_code or self.scope,
            valid_from=self.valid_from,
        )

    def clean(self):
        errors = {}
        if self.scope == self.Scope.NATIONAL and self.scope_code:
            errors["scope_code"] = "La grille nationale n'a pas de code de territoire : laissez ce champ vide."
        elif self.scope == self.Scope.DEPARTEMENT and not DEPARTEMENT_RE.match(self.scope_code or ""):
            errors["scope_code"] = "Indiquez le code du département : 2 chiffres, 2A, 2B ou 3 chiffres outre-mer."
        elif self.scope == self.Scope.EPCI:
            if not siren.is_valid(self.scope_code or ""):
                errors["scope_code"] = (
                    "Indiquez le SIREN de l'EPCI : 9 chiffres, dont le dernier est la clé de contrôle."
                )
            if not isinstance(self.communes, list) or not self.communes:
                errors["communes"] = "Listez les codes INSEE des communes membres de l'EPCI."
            elif not all(isinstance(code, str) and INSEE_RE.match(code) for code in self.communes):
                errors["communes"] = "Chaque commune est un code INSEE de 5 caractères entre guillemets."
        if self.scope != self.Scope.EPCI and self.communes:
            errors["communes"] = "Seule une grille d'EPCI liste des communes."
        try:
            Grid.from_dict(self.criteria or {}, version="check", territory="check")
        except GridError as error:
            errors["criteria"] = list(error.problems)
        if self.pk and self.scores.exists():
            stored = GridVersion.objects.filter(pk=self.pk).values_list("criteria", flat=True).first()
            if stored != self.criteria:
                errors["criteria"] = (
                    "Des scores ont été calculés avec cette version : ses critères ne peuvent plus changer. "
                    "Créez une nouvelle version (action « Créer une nouvelle version » de la liste)."
                )
        if errors:
            raise ValidationError(errors)


class Score(models.Model):
    """A score as computed at a moment, for an application (or a demand scored for an offer), with its grid version.

    Stored scores are never rewritten: a new computation adds a row.
    """

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    demand = models.ForeignKey("demands.Demand", on_delete=models.CASCADE, related_name="scores")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, null=True, blank=True, related_name="scores")
    grid_version = models.ForeignKey(
        GridVersion, on_delete=models.PROTECT, related_name="scores", verbose_name="version de la grille"
    )
    total = models.IntegerField("score")
    # The ScoreResult as JSON: {"total", "grid_version", "breakdown": [{code, label, points, why, sensitive, group}]}.
    # Holds sensitive criteria: shown to the applicant and to landlord/commission roles only.
    breakdown = models.JSONField("détail")
    computed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "score de cotation"
        verbose_name_plural = "scores de cotation"
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["application", "-computed_at"]), models.Index(fields=["offer", "-total"])]

    def __str__(self):
        return f"Score {self.total} ({self.grid_version.version_code})"

    def result(self) -> ScoreResult:
        return ScoreResult.from_dict(self.breakdown)


class RankingScore(models.Model):
    """The current score of an application in progress, as its offer's ranking orders it (one row each).

    A derived copy, not a record: `Score` keeps what was shown at a moment; this row is rewritten whenever what the
    score depends on changes (ADR 0016). It is valid for the day `computed_on` (seniority counts in months from
    today) and the grid `grid_key` (version code and content): the ranking page recomputes, before reading, the
    rows that are missing or not valid any more, so a task that has not run yet never shows a stale ranking.
    The rank order is the one of `logis.scoring.grid.rank_key`: the higher total, the older filing date (a demand
    without one last, `NO_FILING_DATE`), the earlier application, its id.
    """

    NO_FILING_DATE = dt.date.max

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, primary_key=True, related_name="ranking_score"
    )
    # The index of the rank order leads with the offer: no index of its own.
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+", db_index=False)
    demand = models.ForeignKey("demands.Demand", on_delete=models.CASCADE, related_name="+")
    total = models.IntegerField("score")
    filed_on = models.DateField("demande déposée le")
    submitted_at = models.DateTimeField("candidature envoyée le")
    # The ScoreResult as JSON (ScoreResult.as_dict): read only for the rows a page shows. Holds sensitive
    # criteria: shown to the landlord/commission roles and the applicant only, as the live score.
    breakdown = models.JSONField("détail")
    # The eligibility verdict of the demand for the offer as the ranking shows it (`verdict_summary`): computed with
    # the score, from the same demand and offer plus the landlord's policy, so that a page of the ranking reads it
    # rather than evaluates the rules row by row.
    verdict = models.JSONField("éligibilité", default=dict)
    grid_key = models.CharField("grille et règles (versions et contenu)", max_length=80)
    computed_on = models.DateField("calculé pour le")

    class Meta:
        verbose_name = "score courant d'une candidature"
        verbose_name_plural = "scores courants des candidatures"
        indexes = [
            models.Index(
                fields=["offer", "-total", "filed_on", "submitted_at", "application"], name="ranking_score_order"
            ),
            # The check that an offer's rows are current counts them from this index alone (ADR 0016).
            models.Index(fields=["offer", "computed_on", "grid_key"], name="ranking_score_current"),
        ]

    def __str__(self):
        return f"Score courant {self.total} (candidature n° {self.application_id})"

    def result(self) -> ScoreResult:
        return ScoreResult.from_dict(self.breakdown)
