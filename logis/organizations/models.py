from django.conf import settings
from django.db import models

from logis.organizations.roles import LESSOR_KIND_VALUES, PRIVATE_LESSOR_KIND_VALUES


class Organization(models.Model):
    """An employer, a social landlord (bailleur), an estate agency, a private owner or the platform's operator.

    Estate agencies and private owners let homes outside the social stock (issue #19): they share the landlord's
    workspace (their members hold the role "agent") and their offers are private lettings.
    """

    class Kind(models.TextChoices):
        EMPLOYER = "employer", "Employeur"
        LANDLORD = "landlord", "Bailleur"
        AGENCY = "agency", "Agence immobilière"
        PRIVATE_OWNER = "private_owner", "Propriétaire particulier"
        OPERATOR = "operator", "Opérateur de la plateforme"

    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, null=True, blank=True)
    headcount = models.PositiveIntegerField("effectif", null=True, blank=True)
    is_agricultural = models.BooleanField("secteur agricole", default=False)
    pays_peec = models.BooleanField("cotise à la PEEC", default=False)
    # An employer that signed up on the public page waits for an advisor of the operator to check that its first
    # HR member does work there: until then its employees' requests for agreement go to the advisors
    # (logis.employers). Organisations created by the Logis team are trusted from the start.
    awaiting_verification = models.BooleanField("inscription à vérifier", default=False)
    naf_code = models.CharField("code NAF (APE)", max_length=6, blank=True)
    # An estate agency: its SIREN (9 digits, Luhn key checked) and its professional card (« carte T », issued by
    # the CCI since 1 July 2015, loi Hoguet). The advisor checks them against the CCI's register before the agency
    # sees any applicant (awaiting_verification).
    siren_number = models.CharField("SIREN", max_length=9, unique=True, null=True, blank=True)
    professional_card = models.CharField("carte professionnelle (carte T)", max_length=30, blank=True)
    commune = models.ForeignKey(
        "geo.Commune", verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    @property
    def siren(self) -> str:
        return self.siren_number or (self.siret or "")[:9]

    @property
    def lets_privately(self) -> bool:
        """An estate agency or a private owner: its offers are private lettings (loi du 6 juillet 1989)."""
        return self.kind in PRIVATE_LESSOR_KINDS


# Organisations whose members work in the landlord's workspace (role "agent"): social landlords, estate agencies
# and private owners.
LESSOR_KINDS = tuple(Organization.Kind(value) for value in LESSOR_KIND_VALUES)
PRIVATE_LESSOR_KINDS = tuple(Organization.Kind(value) for value in PRIVATE_LESSOR_KIND_VALUES)


class Membership(models.Model):
    """A professional's role in an organisation."""

    class Role(models.TextChoices):
        HR = "hr", "Ressources humaines"
        AGENT = "agent", "Chargé ou chargée de clientèle du bailleur"
        COMMISSION = "commission", "Membre de CALEOL"
        ADVISOR = "advisor", "Conseiller ou conseillère"
        MODERATOR = "moderator", "Modérateur ou modératrice du forum"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"
