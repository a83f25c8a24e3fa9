"""A landlord's ability-to-pay thresholds (practice, not law: each landlord sets its own)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from logis.rules.deadlines import load_deadline_rules
from logis.rules.parameters import load_parameters


def _default_max_effort_rate() -> Decimal:
    return load_parameters().ability_to_pay.default_max_effort_rate


def _default_min_reste_a_vivre() -> Decimal:
    return load_parameters().ability_to_pay.default_min_reste_a_vivre_per_uc


class LandlordPolicy(models.Model):
    """The thresholds a landlord applies to the households it houses. Landlords without one use the defaults of
    logis/rules/data/parameters.toml (taux d'effort 33 %, reste à vivre 0 €)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="landlord_policy",
        limit_choices_to={"kind": "landlord"},
        verbose_name="bailleur",
    )
    max_effort_rate = models.DecimalField(
        "taux d'effort maximum",
        max_digits=5,
        decimal_places=4,
        default=_default_max_effort_rate,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1))],
        help_text="Fraction des ressources mensuelles, par exemple 0,33 pour 33 %.",
    )
    min_reste_a_vivre_per_uc = models.DecimalField(
        "reste à vivre minimum par unité de consommation (€ par mois)",
        max_digits=8,
        decimal_places=2,
        default=_default_min_reste_a_vivre,
        validators=[MinValueValidator(Decimal(0))],
    )
    answer_days = models.PositiveSmallIntegerField(
        "délai de réponse à une proposition (jours)",
        default=10,
        validators=[MinValueValidator(load_deadline_rules().min_days), MaxValueValidator(90)],
        help_text="Au moins 10 jours (article R441-10 du CCH) ; le bailleur peut accorder un délai plus long.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "politique de solvabilité du bailleur"
        verbose_name_plural = "politiques de solvabilité des bailleurs"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_effort_rate__gt=0, max_effort_rate__lte=1),
                name="landlord_policy_effort_rate_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(min_reste_a_vivre_per_uc__gte=0), name="landlord_policy_floor_not_negative"
            ),
            # R441-10: never fewer than ten days.
            models.CheckConstraint(condition=models.Q(answer_days__gte=10), name="landlord_policy_answer_days_legal"),
        ]

    def __str__(self):
        return f"Politique de {self.organization}"
