"""The contact desk: a message to the Logis team becomes a ticket with a number, a status and a dated thread.

The person who wrote reaches their ticket by a secret link sent by e-mail (no account needed) or from « Mes
messages » when signed in. Writes go through logis.contact.services.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def _token() -> str:
    return secrets.token_urlsafe(24)


class Ticket(models.Model):
    class Subject(models.TextChoices):
        ACCOUNT = "account", "Mon compte, la connexion"
        DEMAND = "demand", "Ma demande de logement, « Ma situation »"
        APPLICATION = "application", "Une offre, ma candidature"
        DOCUMENTS = "documents", "Mon dossier, mes pièces"
        EMPLOYER = "employer", "L'accord de mon employeur"
        AIDS = "aids", "Les aides et les prêts"
        DIFFICULTY = "difficulty", "Une difficulté pour payer mon loyer ou garder mon logement"
        FORUM = "forum", "Le forum, une décision de modération"
        PERSONAL_DATA = "personal_data", "Mes données personnelles (RGPD)"
        PROFESSIONAL = "professional", "Je suis un employeur ou un bailleur"
        OTHER = "other", "Autre question"

    class Status(models.TextChoices):
        NEW = "new", "Reçu, en attente de réponse"
        OPEN = "open", "En cours de traitement"
        ANSWERED = "answered", "Répondu"
        CLOSED = "closed", "Clos"

    number = models.CharField("numéro", max_length=20, unique=True, editable=False)
    subject = models.CharField("objet", max_length=20, choices=Subject.choices)
    name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse e-mail")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name="suivi par",
    )
    created_at = models.DateTimeField("reçu le", default=timezone.now)
    first_answer_at = models.DateTimeField("première réponse le", null=True, blank=True)
    last_message_at = models.DateTimeField("dernier message le", default=timezone.now)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    access_token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-last_message_at"], name="contact_ticket_inbox"),
            models.Index(fields=["created_at"], name="contact_ticket_created"),
        ]

    def __str__(self):
        return f"Demande n° {self.number}"

    def get_absolute_url(self):
        return reverse("contact:ticket", args=[self.access_token])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_team = models.BooleanField("de l'équipe", default=False)
    body = models.TextField("message")
    # An optional piece, checked by content (logis.documents.validation) and kept in the private storage.
    attachment_name = models.CharField("pièce jointe", max_length=120, blank=True)
    attachment_storage_name = models.CharField(max_length=200, blank=True, editable=False)
    attachment_type = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField("le", default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "message"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message du {self.created_at:%d/%m/%Y} ({self.ticket})"
