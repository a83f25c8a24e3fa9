"""The applicant's demand as imported from the register ("Ma situation"), and "Les informations"."""

from django.conf import settings
from django.db import models

from logis.rules.income import exception_choices


class Demand(models.Model):
    """A register demand linked to one account. One account has at most one demand, and a demand one account."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demand")
    numero_unique = models.CharField("numéro unique", max_length=18, unique=True)
    imported_at = models.DateTimeField("importée le")
    refreshed_at = models.DateTimeField("mise à jour le")
    expires_on = models.DateField("valable jusqu'au")
    register_status = models.CharField("statut au registre", max_length=20, default="active")

    # Denormalised from the register for matching offers (re-read at each refresh).
    household_size = models.PositiveSmallIntegerField("personnes au foyer", default=1)
    reference_income = models.PositiveIntegerField("revenu fiscal de référence retenu", default=0)
    monthly_resources = models.PositiveIntegerField("ressources mensuelles du foyer", default=0)
    workplace_commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lieu de travail",
    )
    wished_communes = models.JSONField("communes souhaitées", default=list)
    wished_typologies = models.JSONField("typologies souhaitées", default=list)
    wished_kind = models.CharField("maison ou appartement", max_length=10, default="any")
    max_rent = models.PositiveIntegerField("loyer maximum charges comprises", null=True, blank=True)
    accessibility_needed = models.BooleanField("logement accessible nécessaire", default=False)
    # What the eligibility rules need (logis.eligibility.adapters), re-read at each refresh. Sensitive (income,
    # disability, residence permit): visible to the owner and to the roles that instruct the file only.
    nationality = models.CharField("nationalité", max_length=3, default="FR")
    residence_permit_expires_on = models.DateField("titre de séjour valable jusqu'au", null=True, blank=True)
    # reference_income above is the revenu fiscal de référence of year N-2; the rules use N-1 instead when it is
    # lower by the legal margin (logis.rules.income).
    rfr_n1 = models.PositiveIntegerField("revenu fiscal de référence N-1", null=True, blank=True)
    # Everyone who will live in the dwelling, the applicant first: [{"birth_date": "1990-05-17",
    # "relation": "demandeur", "dependant": false, "disability": false, "alternating_custody": false}, ...]
    # (no names). Ages decide the « jeune ménage » category and the units of consumption; dependants and
    # disability the category. THE one record of the household: read only through logis.demands.household.
    household = models.JSONField("composition du foyer", default=list, blank=True)
    # An exception of the texts on resources (logis.rules.income.OwnIncome, CCH L441-1): after a divorce, the end
    # of a PACS, a widowhood or violence within the couple, only the applicant's own income counts once the file
    # holds the piece that proves it. Declared by the applicant (logis.demands.services
    # .demand_declare_income_exception); `income_exception_proven` is kept by the documents app
    # (income_exception_proof_check). Sensitive (domestic violence, income): owner and instructing roles only,
    # never an employer, never logged.
    income_exception = models.CharField(
        "situation particulière (ressources)", max_length=20, blank=True, default="", choices=exception_choices()
    )
    own_rfr_n2 = models.PositiveIntegerField("revenu fiscal de référence N-2 du seul demandeur", null=True, blank=True)
    own_rfr_n1 = models.PositiveIntegerField("revenu fiscal de référence N-1 du seul demandeur", null=True, blank=True)
    income_exception_proven = models.BooleanField("pièce justificative de la situation vérifiée", default=False)
    # The register's record as read at the last refresh (shown in "Ma situation"). Holds sensitive data:
    # visible to its owner and to the roles that instruct the file only.
    snapshot = models.JSONField("données de la demande", default=dict)

    # "Les informations"
    employer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee_demands",
        limit_choices_to={"kind": "employer"},
        verbose_name="employeur reconnu",
    )
    employer_name = models.CharField("nom de l'employeur", max_length=200, blank=True)
    employer_siret = models.CharField("SIRET de l'employeur", max_length=14, blank=True)
    matricule = models.CharField("matricule", max_length=50, blank=True)
    employment_start = models.DateField("date d'entrée dans l'entreprise", null=True, blank=True)
    inform_employer = models.BooleanField("informer mon employeur", null=True)
    information_completed_at = models.DateTimeField("informations complétées le", null=True, blank=True)

    class Meta:
        verbose_name = "demande importée"
        verbose_name_plural = "demandes importées"

    def __str__(self):
        return self.numero_unique

    @property
    def information_complete(self) -> bool:
        return self.information_completed_at is not None


class ImportChallenge(models.Model):
    """A security code sent to the e-mail of a register demand, to prove the account holder owns it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_challenges")
    # As typed (normalised) when the register knows no such demand: the page shows it back.
    numero_unique = models.CharField(max_length=40)
    # No code was sent (the numéro is unknown, linked to another account, expired or radiated): the page answers
    # exactly as when one was, and no code matches. Never shown to anyone (issue #12: no enumeration).
    decoy = models.BooleanField("aucun code envoyé", default=False)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sends = models.PositiveSmallIntegerField(default=1)
    last_sent_at = models.DateTimeField()
    consumed_at = models.DateTimeField(null=True, blank=True)
    # The person chose to type another numéro unique: this code no longer counts, but its sends still do.
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "code de sécurité d'import"
        verbose_name_plural = "codes de sécurité d'import"
        indexes = [models.Index(fields=["user", "numero_unique"])]

    def __str__(self):
        return f"Code pour {self.numero_unique}"

    @property
    def is_locked(self) -> bool:
        """Too many wrong codes: only a new code (resend) unlocks the import."""
        return self.attempts >= settings.LOGIS_IMPORT_CODE_MAX_ATTEMPTS

    @property
    def attempts_left(self) -> int:
        return max(settings.LOGIS_IMPORT_CODE_MAX_ATTEMPTS - self.attempts, 0)

    def is_expired(self, now) -> bool:
        return now >= self.expires_at
