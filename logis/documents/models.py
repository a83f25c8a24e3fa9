"""The applicant's file: pieces, their versions and files, and when they are erased (who consulted them: logis.audit).

Every byte here is sensitive (identity, income, bank details). Files live in the private storage
STORAGES["documents"] under random names; rows keep what a person needs to follow their file (who uploaded what,
when), never the content.
"""

from django.conf import settings
from django.db import models

from logis.documents.checklist import KIND_LABELS, VARIANTS, Kind
from logis.documents.perms import visible_demand_ids

KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in Kind]


class PieceQuerySet(models.QuerySet):
    def of_owner(self, user):
        return self.filter(demand__owner=user)

    def visible_to(self, user):
        """Pieces this user may open (see logis.documents.perms for the business reasons)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(demand__owner=user) | models.Q(demand_id__in=visible_demand_ids(user)))


class Piece(models.Model):
    """One slot of the file (the identity document, the tax notice of one adult, ...), with its versions."""

    demand = models.ForeignKey("demands.Demand", on_delete=models.CASCADE, related_name="pieces")
    kind = models.CharField("type de pièce", max_length=20, choices=KIND_CHOICES)
    # "" for a piece of the household; for a tax notice, the key of the adult it belongs to.
    holder = models.CharField("personne", max_length=120, blank=True)
    holder_label = models.CharField("nom de la personne", max_length=200, blank=True)
    created_at = models.DateTimeField("créée le")

    objects = PieceQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce du dossier"
        verbose_name_plural = "pièces du dossier"
        ordering = ["kind", "holder"]
        constraints = [models.UniqueConstraint(fields=["demand", "kind", "holder"], name="piece_one_slot")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == Kind.TAX_NOTICE and self.holder_label:
            return f"Avis d'imposition de {self.holder_label}"
        return KIND_LABELS[Kind(self.kind)]


class PieceVersion(models.Model):
    """What was uploaded for a piece at one time. A replacement supersedes it; its files are then erased."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="versions")
    variant = models.CharField("nature", max_length=20, blank=True)
    expires_on = models.DateField("valable jusqu'au", null=True, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="déposée par"
    )
    uploaded_at = models.DateTimeField("déposée le")
    superseded_at = models.DateTimeField("remplacée le", null=True, blank=True)

    class Meta:
        verbose_name = "version d'une pièce"
        verbose_name_plural = "versions des pièces"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.piece} ({self.uploaded_at:%Y-%m-%d})"

    @property
    def variant_label(self) -> str:
        return VARIANTS.get(Kind(self.piece.kind), {}).get(self.variant, "")

    @property
    def iban_masked(self) -> str:
        """FR76 •••• •••• 1234: enough to recognise the account."""
        if not self.iban:
            return ""
        return f"{self.iban[:4]} •••• •••• {self.iban[-4:]}"


class PieceFile(models.Model):
    """One file (a page, or a multi-page PDF) of a version, stored under a random name.

    A file the antivirus could not scan at upload (clamd down) waits in quarantine (scan "pending", stored under
    quarantine/): nobody can download it, the piece reads « en cours de vérification », and `scan_quarantine`
    scans it later: clean, it moves to its place; infected, it is erased and its version refused.
    """

    class Scan(models.TextChoices):
        CLEAN = "clean", "Vérifié"
        PENDING = "pending", "En cours de vérification"
        INFECTED = "infected", "Refusé par le contrôle antivirus"

    version = models.ForeignKey(PieceVersion, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField("ordre")
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField("nom du fichier envoyé", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField("pages", default=1)
    scan = models.CharField("contrôle antivirus", max_length=10, choices=Scan.choices, default=Scan.CLEAN)
    erased_at = models.DateTimeField("effacé le", null=True, blank=True)

    class Meta:
        verbose_name = "fichier d'une pièce"
        verbose_name_plural = "fichiers des pièces"
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["scan"], condition=models.Q(scan="pending"), name="piecefile_quarantine"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return self.storage_name.rpartition(".")[2]

    @property
    def downloadable(self) -> bool:
        return self.scan == self.Scan.CLEAN and self.erased_at is None


class DemandRetention(models.Model):
    """When the documents of an ended demand (attribution, radiation) are to be erased.

    The demand carries no end date: the purge command records the day it first saw the demand ended, and erases
    the documents one year later. A demand that becomes active again (renewal) loses this row.
    """

    demand = models.OneToOneField("demands.Demand", on_delete=models.CASCADE, related_name="document_retention")
    ended_on = models.DateField("fin de la demande constatée le")
    erase_on = models.DateField("documents à effacer le")
    erased_at = models.DateTimeField("documents effacés le", null=True, blank=True)

    class Meta:
        verbose_name = "conservation des documents"
        verbose_name_plural = "conservation des documents"

    def __str__(self):
        return f"{self.demand} : effacement le {self.erase_on}"


class TenantFile(models.Model):
    """« Mon dossier locataire » (issue #19): what the applicant adds for a private letting. The rest of the file
    is built from what Logis holds (the demand, the employer, the pieces): logis.documents.tenant_file."""

    demand = models.OneToOneField("demands.Demand", on_delete=models.CASCADE, related_name="tenant_file")
    visale_visa = models.CharField(
        "numéro de visa Visale",
        max_length=20,
        blank=True,
        help_text="Le numéro du visa délivré par Action Logement, si vous en avez un.",
    )
    guarantor_name = models.CharField("nom du garant", max_length=200, blank=True)
    updated_at = models.DateTimeField("mis à jour le")

    class Meta:
        verbose_name = "dossier locataire"
        verbose_name_plural = "dossiers locataires"

    def __str__(self):
        return f"Dossier locataire de la demande n° {self.demand_id}"


class TenantFileShareQuerySet(models.QuerySet):
    def valid(self, now):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class TenantFileShare(models.Model):
    """The tenant file shared with one estate agency or private owner, by a link that expires and that the applicant
    may revoke. One share in force at a time per demand (a new one revokes the previous one). The link's token is
    stored as its SHA-256 only."""

    demand = models.ForeignKey("demands.Demand", on_delete=models.CASCADE, related_name="tenant_file_shares")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="destinataire"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("partagé le")
    expires_at = models.DateTimeField("expire le")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = TenantFileShareQuerySet.as_manager()

    class Meta:
        verbose_name = "partage du dossier locataire"
        verbose_name_plural = "partages du dossier locataire"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand"], condition=models.Q(revoked_at__isnull=True), name="tenant_file_one_share"
            )
        ]

    def __str__(self):
        return f"Dossier partagé avec {self.organization}"

    def is_valid(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class TenantFileOpening(models.Model):
    """Each opening of a shared tenant file (the page or a piece), shown to the applicant."""

    share = models.ForeignKey(TenantFileShare, on_delete=models.CASCADE, related_name="openings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_label = models.CharField("ouvert par", max_length=200)
    what = models.CharField("ce qui a été ouvert", max_length=200)
    at = models.DateTimeField("ouvert le")

    class Meta:
        verbose_name = "ouverture du dossier locataire"
        verbose_name_plural = "ouvertures du dossier locataire"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.what} — {self.by_label}"
