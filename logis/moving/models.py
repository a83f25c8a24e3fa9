"""The personal moving checklist: one plan per person, its tasks with their deadlines, ticked as done."""

from django.conf import settings
from django.db import models

from logis.rules.moving import LEASE_KINDS


class MovingPlan(models.Model):
    class Origin(models.TextChoices):
        MANUAL = "manual", "Commencé par vous"
        LEASE = "lease", "Créé à la signature de votre bail sur Logis"

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moving_plan")
    moving_date = models.DateField("date du déménagement")
    lease_kind = models.CharField("bail actuel", max_length=20, choices=list(LEASE_KINDS.items()), default="empty")
    zone_tendue = models.BooleanField("logement actuel en zone tendue", default=False)
    social_attributed = models.BooleanField("un logement social m'est attribué", default=False)
    children = models.BooleanField("enfants scolarisés ou gardés", default=False)
    car = models.BooleanField("véhicule à mon nom", default=False)
    residence_permit = models.BooleanField("titre de séjour", default=False)
    reminders = models.BooleanField("rappels par e-mail", default=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le")
    updated_at = models.DateTimeField("mis à jour le")

    class Meta:
        verbose_name = "plan de déménagement"
        verbose_name_plural = "plans de déménagement"

    def __str__(self):
        return f"Déménagement de {self.owner} le {self.moving_date:%d/%m/%Y}"


class MovingTask(models.Model):
    plan = models.ForeignKey(MovingPlan, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(max_length=40)
    title = models.CharField("tâche", max_length=200)
    detail = models.TextField("précisions", blank=True)
    due_on = models.DateField("à faire avant le")
    link = models.URLField("service officiel", blank=True)
    aid_link = models.CharField(max_length=80, blank=True)
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "tâche du déménagement"
        verbose_name_plural = "tâches du déménagement"
        ordering = ["due_on", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="moving_task_one_per_code")]
        indexes = [models.Index(fields=["done_at", "reminded_at", "due_on"])]

    def __str__(self):
        return self.title
