"""The employer's space: the agreement an employee asks for, the employer's priorities, invitations of HR staff.

What an employer may know of an employee's demand is narrow on purpose: the name, the matricule, the entry date,
the agreement and — only when the employee consented — the application's step. Nothing here copies income,
household, disability, violence or documents; the employer's pages read only these models and Demand's
"Les informations" fields.
"""

from django.conf import settings
from django.db import models


class StaffCategory(models.TextChoices):
    """Categories of staff an employer may favour (codes read by the cotation)."""

    WORKER = "ouvrier", "Ouvriers"
    EMPLOYEE = "employe", "Employés"
    SUPERVISOR = "agent_maitrise", "Techniciens et agents de maîtrise"
    EXECUTIVE = "cadre", "Cadres"
    APPRENTICE = "alternant", "Apprentis et alternants"


class AgreementQuerySet(models.QuerySet):
    def for_employer(self, organization):
        """The requests an employer's HR may see: the holder named this employer AND chose to inform it.

        Both conditions are checked on the demand itself, not only on the agreement's routing, so that a change
        of mind in "Les informations" hides the request at once.
        """
        return self.filter(
            handler=Agreement.Handler.EMPLOYER,
            employer=organization,
            employer__awaiting_verification=False,
            demand__employer=organization,
            demand__inform_employer=True,
        )

    def for_advisors(self):
        return self.filter(handler=Agreement.Handler.ADVISOR)

    def pending(self):
        return self.filter(status=Agreement.Status.PENDING)


class Agreement(models.Model):
    """The employer's agreement on an employee's demand: given by the employer's HR, or by an advisor of the
    platform's operator when the employee chose not to inform the employer (docs/adr/0003)."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente de réponse"
        GIVEN = "given", "Accord donné"
        REFUSED = "refused", "Accord refusé"

    class Handler(models.TextChoices):
        EMPLOYER = "employer", "Le service RH de l'employeur"
        ADVISOR = "advisor", "Un conseiller ou une conseillère Logis"

    demand = models.OneToOneField("demands.Demand", on_delete=models.CASCADE, related_name="agreement")
    handler = models.CharField("traitée par", max_length=20, choices=Handler.choices)
    # Set only when the employer handles the request: an advisor's request never points at the employer.
    employer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="employeur",
    )
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField("motif", blank=True)
    requested_at = models.DateTimeField("demandé le")
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The employee's consent to show the application's step to the employer's HR (off by default).
    share_application_status = models.BooleanField("montrer l'étape de ma candidature à mon employeur", default=False)
    # The employee's category of staff, as the employer's HR records it with its agreement (for the employer's
    # category priority in the cotation; empty when unknown or on the advisor path).
    staff_category = models.CharField(
        "catégorie de personnel", max_length=20, choices=StaffCategory.choices, blank=True
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "accord employeur"
        verbose_name_plural = "accords employeur"
        indexes = [models.Index(fields=["handler", "status"]), models.Index(fields=["employer", "status"])]

    def __str__(self):
        return f"Accord pour la demande {self.demand_id} ({self.get_status_display()})"


class EmployerPriorities(models.Model):
    """What an employer favours among its employees for the cotation (read through selectors.employer_priorities)."""

    StaffCategory = StaffCategory

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="employer_priorities"
    )
    permanent_contract_first = models.BooleanField("priorité aux salariés en CDI", default=False)
    permanent_contract_points = models.PositiveSmallIntegerField("points pour un CDI", default=0)
    min_seniority_months = models.PositiveSmallIntegerField("ancienneté minimale (mois)", default=0)
    seniority_points = models.PositiveSmallIntegerField("points pour l'ancienneté atteinte", default=0)
    staff_categories = models.JSONField("catégories de personnel prioritaires", default=list, blank=True)
    category_points = models.PositiveSmallIntegerField("points pour une catégorie prioritaire", default=0)
    updated_at = models.DateTimeField("mis à jour le")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "priorités de l'employeur"
        verbose_name_plural = "priorités des employeurs"

    def __str__(self):
        return f"Priorités de {self.organization}"


class Invitation(models.Model):
    """An HR colleague invited by e-mail; the link carries a signed token that expires (see services)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField("adresse e-mail")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("envoyée le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation de {self.email}"
