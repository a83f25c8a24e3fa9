"""The e-mail outbox: every e-mail of the platform is a row written in the transaction of the change that causes it.

A Celery task sends it after commit (logis.notifications.outbox). See docs/adr/0009-email-outbox.md for the states
and why a message whose fate is unknown goes to review instead of being sent again.
"""

from django.conf import settings
from django.db import models


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente d'envoi"
        CLAIMED = "claimed", "Pris en charge (connexion au serveur)"
        SENDING = "sending", "En cours d'envoi"
        SENT = "sent", "Remis au serveur de messagerie"
        REVIEW = "review", "À vérifier : remise incertaine"
        FAILED = "failed", "Échec : abandonné"
        CANCELLED = "cancelled", "Annulé (remplacé par un message plus récent)"
        # Written and handed to the task queue like a message, never sent: the worker deletes it (issue #12, an
        # answer that must take as long whether an account or a demand exists; logis.notifications.outbox).
        DECOY = "decoy", "Leurre : jamais envoyé"

    # The event that causes the message (e.g. "employer_invitation:42"): with the recipient, it is unique, so that
    # the same event never makes two messages to the same person, whatever the retries and double clicks.
    idempotency_key = models.CharField("clé d'idempotence", max_length=200)
    to = models.CharField("destinataire", max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte concerné",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    template = models.CharField("modèle", max_length=120)
    subject = models.CharField("objet", max_length=998)
    # Bodies hold links and codes that give access to an account: erased once the message is delivered or cancelled.
    body = models.TextField("texte", blank=True)
    html_body = models.TextField("texte HTML", blank=True)
    # Extra headers of the message (List-Unsubscribe of the search alerts), erased with the body once delivered.
    headers = models.JSONField("en-têtes", default=dict, blank=True)
    # Deterministic (derived from the key and the recipient): a message sent again by hand after a review keeps
    # its Message-ID, so that mail servers and clients see the same message.
    message_id = models.CharField("Message-ID", max_length=255)
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    next_attempt_at = models.DateTimeField("prochaine tentative")
    claimed_at = models.DateTimeField("dernière prise en charge", null=True, blank=True)
    sent_at = models.DateTimeField("remis le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "message sortant"
        verbose_name_plural = "messages sortants"
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key", "to"], name="outbox_one_message_per_event_and_person")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["user", "template", "status"], name="outbox_by_user"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class Notification(models.Model):
    """The in-product copy of a message the platform sent a person (logis.notifications.centre)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("type", max_length=120)
    category = models.CharField("catégorie", max_length=20)
    subject = models.CharField("objet", max_length=300)
    body = models.TextField("message")
    link = models.CharField("lien", max_length=500, blank=True)
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    read_at = models.DateTimeField("lu le", null=True, blank=True)
    emailed = models.BooleanField("envoyé aussi par e-mail", default=True)
    # The event's key when the sender gave one (as for the outbox): the same event is one notification.
    event_key = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_list"),
            models.Index(fields=["user"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], condition=~models.Q(event_key=""), name="notification_once_per_event"
            )
        ]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    """A category a person does not want by e-mail (the default is every category by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField("catégorie", max_length=20)
    by_email = models.BooleanField("par e-mail", default=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notification_preference_once")]

    def __str__(self):
        return f"{self.user} — {self.category}"
