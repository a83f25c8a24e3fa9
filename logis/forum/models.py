"""The forum: categories, threads, posts, reports (DSA notice-and-action), moderation decisions and sanctions.

A post keeps only the text as shown (personal data already masked: logis.forum.masking), never what was typed.
Writes go through logis.forum.services; reads of what a person may see through the querysets below.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class Category(models.Model):
    slug = models.SlugField("adresse", unique=True)
    name = models.CharField("nom", max_length=80)
    description = models.CharField("description", max_length=250)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie du forum"
        verbose_name_plural = "catégories du forum"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", args=[self.slug])


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        """Threads whose first post is published and that no moderator removed (what everyone reads)."""
        return self.filter(is_visible=True, removed_at__isnull=True)


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads", verbose_name="catégorie")
    title = models.CharField("titre", max_length=150)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    last_post_at = models.DateTimeField("dernier message le", default=timezone.now)
    # Published replies and first post; kept by the services so that lists read no count.
    post_count = models.PositiveIntegerField(default=0)
    # False while the first post waits for a moderator (or after its author deleted it).
    is_visible = models.BooleanField("visible", default=False)
    is_closed = models.BooleanField("fermé aux réponses", default=False)
    is_pinned = models.BooleanField("épinglé", default=False)
    removed_at = models.DateTimeField("retiré le", null=True, blank=True)
    # PostgreSQL only: the title's French full-text vector, kept by a trigger (migration 0002); NULL on SQLite.
    search = SearchVectorField(null=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = "sujet"
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"], name="forum_thread_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.pk, slugify(self.title)[:60] or "sujet"])


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def readable_by(self, user):
        """Published posts, and the person's own posts waiting for a moderator."""
        condition = models.Q(status=Post.Status.PUBLISHED)
        if user.is_authenticated:
            condition |= models.Q(status=Post.Status.PENDING, author=user)
        return self.filter(condition)


class Post(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente de modération"
        PUBLISHED = "published", "Publié"
        REJECTED = "rejected", "Refusé par la modération"
        REMOVED = "removed", "Retiré par la modération"
        DELETED = "deleted", "Supprimé par son auteur"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts")
    body = models.TextField("message")  # as shown: personal data masked
    masked_kinds = models.JSONField("données masquées", default=list, blank=True)
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.PENDING)
    is_official = models.BooleanField("réponse officielle", default=False)
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    edited_at = models.DateTimeField("modifié le", null=True, blank=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    # One post per submitted form: a double click sends the same key twice.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # PostgreSQL only: the body's French full-text vector, kept by a trigger (migration 0002); NULL on SQLite.
    search = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "message du forum"
        verbose_name_plural = "messages du forum"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "status", "created_at", "id"], name="forum_post_thread"),
            models.Index(fields=["status", "created_at"], name="forum_post_status"),
        ]
        constraints = [models.UniqueConstraint(fields=["author", "submission_key"], name="forum_post_submission_once")]

    def __str__(self):
        return f"Message {self.pk} de {self.thread}"

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])

    @property
    def is_first(self) -> bool:
        return self.thread.posts.order_by("created_at", "pk").values_list("pk", flat=True).first() == self.pk


class Report(models.Model):
    """A notice of illegal or off-charter content (Digital Services Act, art. 16): what the notice must contain."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", "Données personnelles (les miennes ou celles d'un tiers)"
        HATE = "hate", "Propos haineux, discriminatoires, injurieux ou menaçants"
        HARASSMENT = "harassment", "Harcèlement ou attaque personnelle"
        ILLEGAL = "illegal", "Contenu manifestement illicite (escroquerie, incitation…)"
        SPAM = "spam", "Publicité, démarchage ou message répété"
        OFF_TOPIC = "off_topic", "Hors sujet ou contraire à la charte"
        OTHER = "other", "Autre motif"

    class Status(models.TextChoices):
        PENDING = "pending", "À traiter"
        UPHELD = "upheld", "Fondé : message retiré"
        DISMISSED = "dismissed", "Non fondé : message maintenu"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField("motif", max_length=20, choices=Reason.choices)
    explanation = models.TextField("explication")
    url = models.URLField("adresse du message", max_length=300)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter_name = models.CharField("nom", max_length=150)
    reporter_email = models.EmailField("adresse e-mail")
    good_faith = models.BooleanField("déclaration de bonne foi")
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    status = models.CharField("état", max_length=12, choices=Status.choices, default=Status.PENDING)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField("traité le", null=True, blank=True)
    outcome = models.TextField("réponse au signalement", blank=True)
    submission_key = models.UUIDField(null=True, blank=True, editable=False, unique=True)

    class Meta:
        verbose_name = "signalement"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="forum_report_status")]

    def __str__(self):
        return f"Signalement {self.pk} ({self.get_reason_display()})"


class ModerationDecision(models.Model):
    """A moderator's decision on a post, with the statement of reasons sent to its author (DSA, art. 17)."""

    class Action(models.TextChoices):
        APPROVED = "approved", "Publié après modération"
        REJECTED = "rejected", "Refusé avant publication"
        REMOVED = "removed", "Retiré après publication"
        KEPT = "kept", "Maintenu après signalement"

    class Ground(models.TextChoices):
        PERSONAL_DATA = "personal_data", "Données personnelles (article 4 de la charte)"
        RESPECT = "respect", "Propos injurieux, haineux ou discriminatoires (article 2 de la charte)"
        ILLEGAL = "illegal", "Contenu manifestement illicite (article 1 de la charte)"
        ADVERTISING = "advertising", "Publicité ou démarchage (article 5 de la charte)"
        FLOOD = "flood", "Messages répétés ou sans rapport avec le sujet (article 3 de la charte)"
        OFF_TOPIC = "off_topic", "Hors du thème du forum (article 3 de la charte)"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="decisions")
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    ground = models.CharField("motif", max_length=20, choices=Ground.choices, blank=True)
    explanation = models.TextField("exposé des motifs", blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — message {self.post_id}"


class SanctionQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Suspensions and exclusions that stop the member posting at that moment."""
        at = at or timezone.now()
        return self.filter(
            kind__in=[Sanction.Kind.SUSPENSION, Sanction.Kind.EXCLUSION], starts_at__lte=at, lifted_at__isnull=True
        ).filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at))


class Sanction(models.Model):
    """The charter's scale: a warning, then a temporary suspension, then a permanent exclusion."""

    class Kind(models.TextChoices):
        WARNING = "warning", "Avertissement"
        SUSPENSION = "suspension", "Suspension temporaire"
        EXCLUSION = "exclusion", "Exclusion définitive"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_sanctions")
    kind = models.CharField("sanction", max_length=12, choices=Kind.choices)
    reason = models.TextField("motif")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField("à partir du", default=timezone.now)
    ends_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    lifted_at = models.DateTimeField("levée le", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = "sanction"
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["member", "kind"], name="forum_sanction_member")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.member}"
