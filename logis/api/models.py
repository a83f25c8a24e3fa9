"""The partner API's records: keys of organisations, the log of calls, idempotent answers, webhooks."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    OFFERS_READ = "offers:read", "Lire les offres"
    OFFERS_WRITE = "offers:write", "Créer, modifier, suspendre et clôturer les offres"
    APPLICATIONS_READ = "applications:read", "Lire les candidatures aux offres"
    APPLICATIONS_WRITE = "applications:write", "Faire avancer les candidatures (validation, CALEOL, visite, bail)"
    AGREEMENTS_READ = "agreements:read", "Lire les demandes d'accord des salariés"
    AGREEMENTS_WRITE = "agreements:write", "Répondre aux demandes d'accord"


# The scopes an organisation of each kind may give its keys.
SCOPES_BY_KIND = {
    "landlord": (Scope.OFFERS_READ, Scope.OFFERS_WRITE, Scope.APPLICATIONS_READ, Scope.APPLICATIONS_WRITE),
    "employer": (Scope.AGREEMENTS_READ, Scope.AGREEMENTS_WRITE),
}


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """A key of an organisation: shown once, kept as a SHA-256 digest (the secret has 256 bits of entropy).

    The key acts as the person who created it, within the scopes chosen: it stops working when that person's
    membership of the organisation ends, when it expires, or when it is revoked."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="api_keys", verbose_name="organisation"
    )
    name = models.CharField("nom", max_length=80)
    prefix = models.CharField("préfixe", max_length=12, unique=True)
    digest = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    scopes = models.JSONField("droits", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créée par"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by", verbose_name="remplace"
    )
    last_used_at = models.DateTimeField("dernier appel", null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at:
            return "révoquée"
        if self.expires_at and self.expires_at <= now:
            return "expirée"
        return "active"

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]


class ApiCall(models.Model):
    """One call of the API, with the key that made it (the access log of partners)."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="calls", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "appel de l'API"
        verbose_name_plural = "appels de l'API"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["key", "-at"])]

    def __str__(self):
        return f"{self.method} {self.path} → {self.status}"


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an Idempotency-Key: a replay of the same request gets it again."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(max_length=100)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.BinaryField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "requête idempotente"
        verbose_name_plural = "requêtes idempotentes"
        constraints = [models.UniqueConstraint(fields=["key", "idempotency_key"], name="api_idempotency_unique")]

    def __str__(self):
        return f"{self.method} {self.path} ({self.idempotency_key})"


class WebhookEvent(models.TextChoices):
    APPLICATION_STATE_CHANGED = "application.state_changed", "Une candidature change d'étape"
    OFFER_EXPIRED = "offer.expired", "Une proposition de logement expire sans réponse"
    AGREEMENT_REQUESTED = "agreement.requested", "Un salarié demande l'accord de l'employeur"


EVENTS_BY_KIND = {
    "landlord": (WebhookEvent.APPLICATION_STATE_CHANGED, WebhookEvent.OFFER_EXPIRED),
    "employer": (WebhookEvent.AGREEMENT_REQUESTED,),
}


class WebhookEndpoint(models.Model):
    """An HTTPS address of an organisation that receives signed events."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="webhooks", verbose_name="organisation"
    )
    url = models.URLField("adresse", max_length=500)
    events = models.JSONField("événements", default=list)
    secret = models.CharField("secret de signature", max_length=80)
    is_active = models.BooleanField("active", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "adresse de webhook"
        verbose_name_plural = "adresses de webhook"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or to send) to one address, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        DELIVERED = "delivered", "Remis"
        FAILED = "failed", "Échec définitif"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField("événement", max_length=40, choices=WebhookEvent.choices)
    event_id = models.CharField("identifiant de l'événement", max_length=40)
    payload = models.JSONField("contenu")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochaine tentative", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("dernier code HTTP", null=True, blank=True)
    last_error = models.CharField("dernière erreur", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "envoi de webhook"
        verbose_name_plural = "envois de webhook"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.get_status_display()})"
