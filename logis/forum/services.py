"""Writes of the forum: posting, editing, moderation, reports and sanctions.

Every e-mail leaves after commit (send_email_on_commit). Checks come first: who may act, then the member's
sanctions and posting limits, then the content; a refused write changes nothing.
"""

import datetime as dt
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from logis.forum.masking import mask_personal_data
from logis.forum.models import Category, ModerationDecision, Post, Report, Sanction, Thread
from logis.forum.perms import is_logis_team, is_moderator, may_edit
from logis.notifications.email import send_email_on_commit

BODY_MAX = 10_000
TITLE_MIN = 5


class ForumError(Exception):
    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def public_numbers() -> frozenset[str]:
    return frozenset(settings.FORUM_PUBLIC_NUMBERS)


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# --- checks ---------------------------------------------------------------------------------------------------


def sanction_in_force(user) -> Sanction | None:
    return Sanction.objects.filter(member=user).in_force().order_by("-kind", "-starts_at").first()


def _check_may_post(user) -> None:
    if not user.is_authenticated:
        raise ForumError("Connectez-vous pour écrire sur le forum.", code="anonymous")
    sanction = sanction_in_force(user)
    if sanction is not None:
        if sanction.kind == Sanction.Kind.EXCLUSION:
            message = (
                f"Votre exclusion du forum date du {timezone.localtime(sanction.starts_at):%d/%m/%Y} : vous ne "
                "pouvez plus y écrire. Vous pouvez toujours le lire, et contester cette décision auprès de l'équipe "
                "Logis (page « Contacter l'équipe »)."
            )
        else:
            message = (
                "Votre compte est suspendu sur le forum jusqu'au "
                f"{timezone.localtime(sanction.ends_at):%d/%m/%Y à %H:%M} : vous pourrez de nouveau écrire après "
                "cette date. Votre texte n'a pas été publié."
            )
        raise ForumError(message, code="sanctioned")


def _rate_keys(user, now: float) -> list[tuple[str, int, int]]:
    return [
        (f"forum:rate:{user.pk}:{window}:{int(now // window)}", limit, window)
        for limit, window in settings.FORUM_POST_LIMITS
    ]


def _check_rate(user) -> list[tuple[str, int, int]]:
    """Posting limits per member, counted in the shared cache: a flood stops, nobody else is slowed."""
    if is_logis_team(user):
        return []
    keys = _rate_keys(user, timezone.now().timestamp())
    counts = cache.get_many([key for key, _, _ in keys])
    for key, limit, window in keys:
        if counts.get(key, 0) >= limit:
            minutes = window // 60
            span = f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} heures"
            raise ForumError(
                f"Vous avez publié {limit} messages en moins de {span} : c'est la limite du forum. "
                "Attendez un peu avant d'en publier un autre ; votre texte est conservé ci-dessous.",
                code="rate_limited",
            )
    return keys


def _count_post(keys) -> None:
    for key, _, window in keys:
        if cache.add(key, 1, timeout=window + 5):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ForumError("Écrivez votre message avant de l'envoyer.", code="empty", field="body")
    if len(body) > BODY_MAX:
        raise ForumError(
            f"Votre message fait {len(body)} caractères : la limite est de {BODY_MAX}. Raccourcissez-le ou "
            "découpez-le en plusieurs réponses.",
            code="too_long",
            field="body",
        )
    return body


def needs_premoderation(user) -> bool:
    """The first posts of a new member wait for a moderator (charter: a priori moderation of newcomers)."""
    if is_logis_team(user):
        return False
    published = Post.objects.filter(author=user, status=Post.Status.PUBLISHED).count()
    return published < settings.FORUM_PREMODERATED_POSTS


# --- posting --------------------------------------------------------------------------------------------------


def _once(service):
    """The same form sent twice (double click, reload) makes one post: the second send returns the first post.

    The service runs in its own savepoint; when the concurrent twin committed first, the unique (author, key)
    constraint rolls this one back whole (thread included) and the twin is returned."""

    @wraps(service)
    def wrapper(*, by, key=None, **kwargs):
        if key is not None and (existing := Post.objects.filter(author=by, submission_key=key).first()):
            return existing
        try:
            return service(by=by, key=key, **kwargs)
        except IntegrityError:
            existing = Post.objects.filter(author=by, submission_key=key).first() if key else None
            if existing is None:
                raise
            return existing

    return wrapper


def _new_post(*, thread: Thread, body: str, by, official: bool, key: uuid.UUID | None) -> Post:
    masked = mask_personal_data(body, allowed=public_numbers())
    now = timezone.now()
    pending = needs_premoderation(by)
    post = Post(
        thread=thread,
        author=by,
        body=masked.text,
        masked_kinds=list(masked.kinds),
        status=Post.Status.PENDING if pending else Post.Status.PUBLISHED,
        is_official=official and is_logis_team(by),
        created_at=now,
        published_at=None if pending else now,
        submission_key=key,
    )
    post.save()
    if not pending:
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
    return post


@_once
@transaction.atomic
def thread_create(*, category: Category, title: str, body: str, by, official: bool = False, key=None) -> Post:
    """A new thread and its first post. Returns the post (pending for a new member)."""
    _check_may_post(by)
    keys = _check_rate(by)
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise ForumError("Donnez à votre sujet un titre d'au moins 5 caractères.", code="title", field="title")
    if len(title) > Thread._meta.get_field("title").max_length:
        raise ForumError("Le titre est limité à 150 caractères.", code="title", field="title")
    body = _clean_body(body)
    masked_title = mask_personal_data(title, allowed=public_numbers())
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=masked_title.text, author=by, created_at=now, last_post_at=now
    )
    post = _new_post(thread=thread, body=body, by=by, official=official, key=key)
    if masked_title.kinds:
        post.masked_kinds = sorted(set(post.masked_kinds) | set(masked_title.kinds))
        post.save(update_fields=["masked_kinds"])
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(is_visible=True)
    _count_post(keys)
    return post


@_once
@transaction.atomic
def post_reply(*, thread: Thread, body: str, by, official: bool = False, key=None) -> Post:
    _check_may_post(by)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.removed_at is not None or not thread.is_visible:
        raise ForumError("Ce sujet a été retiré du forum : il n'accepte plus de réponse.", code="removed")
    if thread.is_closed:
        raise ForumError(
            "Ce sujet est fermé par la modération : il n'accepte plus de réponse. Ouvrez un nouveau sujet si "
            "votre question reste sans réponse.",
            code="closed",
        )
    keys = _check_rate(by)
    post = _new_post(thread=thread, body=_clean_body(body), by=by, official=official, key=key)
    _count_post(keys)
    return post


@transaction.atomic
def post_edit(*, post: Post, body: str, by) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not may_edit(by, post):
        raise ForumError("Seul l'auteur d'un message publié peut le modifier.", code="forbidden")
    _check_may_post(by)
    masked = mask_personal_data(_clean_body(body), allowed=public_numbers())
    post.body = masked.text
    post.masked_kinds = list(masked.kinds)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "masked_kinds", "edited_at"])
    return post


def _unpublish(post: Post, status: str) -> None:
    """Take a post out of its thread; the first post of a thread takes the thread with it."""
    was_published = post.status == Post.Status.PUBLISHED
    post.status = status
    post.save(update_fields=["status"])
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    first_id = thread.posts.order_by("created_at", "pk").values_list("pk", flat=True).first()
    if first_id == post.pk:
        thread.is_visible = False
    if was_published:
        thread.post_count = max(0, thread.post_count - 1)
    thread.save(update_fields=["is_visible", "post_count"])


@transaction.atomic
def post_delete(*, post: Post, by) -> None:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not may_edit(by, post):
        raise ForumError("Seul l'auteur d'un message peut le supprimer.", code="forbidden")
    _unpublish(post, Post.Status.DELETED)
    post.body = ""
    post.save(update_fields=["body"])


# --- moderation -----------------------------------------------------------------------------------------------


def _require_moderator(by) -> None:
    if not is_moderator(by):
        raise ForumError("Réservé aux modérateurs du forum.", code="forbidden")


@transaction.atomic
def post_approve(*, post: Post, by) -> Post:
    _require_moderator(by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PENDING:
        raise ForumError("Ce message a déjà été modéré.", code="already")
    now = timezone.now()
    post.status = Post.Status.PUBLISHED
    post.published_at = now
    post.save(update_fields=["status", "published_at"])
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    thread.post_count += 1
    thread.last_post_at = max(thread.last_post_at, post.created_at)
    if not thread.is_visible and thread.posts.order_by("created_at", "pk").first().pk == post.pk:
        thread.is_visible = True
    thread.save(update_fields=["post_count", "last_post_at", "is_visible"])
    ModerationDecision.objects.create(post=post, action=ModerationDecision.Action.APPROVED, moderator=by, at=now)
    send_email_on_commit(
        "forum_post_published",
        to=post.author.email,
        context={"first_name": post.author.first_name, "thread": thread.title, "link": _link(post.get_absolute_url())},
    )
    return post


def _statement_of_reasons(post: Post, decision: ModerationDecision, *, report: Report | None) -> None:
    """Tell the author what was decided, on which ground, why, how it came to us and how to contest it."""
    send_email_on_commit(
        "forum_post_removed",
        to=post.author.email,
        context={
            "first_name": post.author.first_name,
            "thread": post.thread.title,
            "decision": decision.get_action_display(),
            "ground": decision.get_ground_display(),
            "explanation": decision.explanation,
            "decided_on": timezone.localtime(decision.at),
            "after_report": report is not None,
            "body": post.body,
            "charter": _link("/forum/charte/"),
            "link": _link("/contact/"),
        },
    )


def _decide_removal(*, post: Post, action: str, ground: str, explanation: str, by, report=None):
    explanation = (explanation or "").strip()
    if ground not in ModerationDecision.Ground.values:
        raise ForumError("Choisissez l'article de la charte qui fonde la décision.", code="ground", field="ground")
    if len(explanation) < 10:
        raise ForumError(
            "Expliquez à l'auteur, en une phrase au moins, ce qui dans son message contrevient à la charte.",
            code="explanation",
            field="explanation",
        )
    decision = ModerationDecision.objects.create(
        post=post, report=report, action=action, ground=ground, explanation=explanation, moderator=by
    )
    _statement_of_reasons(post, decision, report=report)
    return decision


@transaction.atomic
def post_reject(*, post: Post, ground: str, explanation: str, by) -> ModerationDecision:
    """A held post is not published: its author gets the reasons."""
    _require_moderator(by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PENDING:
        raise ForumError("Ce message a déjà été modéré.", code="already")
    decision = _decide_removal(
        post=post, action=ModerationDecision.Action.REJECTED, ground=ground, explanation=explanation, by=by
    )
    _unpublish(post, Post.Status.REJECTED)
    return decision


@transaction.atomic
def post_remove(*, post: Post, ground: str, explanation: str, by, report: Report | None = None):
    """A published post is removed; its author gets the statement of reasons, the pending reports are closed."""
    _require_moderator(by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PUBLISHED:
        raise ForumError("Ce message n'est plus publié : il a déjà été retiré ou supprimé.", code="already")
    decision = _decide_removal(
        post=post,
        action=ModerationDecision.Action.REMOVED,
        ground=ground,
        explanation=explanation,
        by=by,
        report=report,
    )
    _unpublish(post, Post.Status.REMOVED)
    for pending in Report.objects.select_for_update().filter(post=post, status=Report.Status.PENDING):
        _close_report(
            pending,
            status=Report.Status.UPHELD,
            outcome=f"Le message a été retiré. Motif : {decision.get_ground_display()}.",
            by=by,
        )
    return decision


def _close_report(report: Report, *, status: str, outcome: str, by) -> None:
    report.status = status
    report.outcome = outcome
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "outcome", "handled_by", "handled_at"])
    send_email_on_commit(
        "forum_report_outcome",
        to=report.reporter_email,
        context={
            "name": report.reporter_name,
            "reported_on": timezone.localtime(report.created_at),
            "url": report.url,
            "reason": report.get_reason_display(),
            "upheld": status == Report.Status.UPHELD,
            "outcome": outcome,
            "link": _link("/contact/"),
        },
    )


@transaction.atomic
def report_create(
    *, post: Post, reason: str, explanation: str, url: str, name: str, email: str, good_faith: bool, by, key=None
) -> Report:
    """A notice with what the DSA asks (art. 16(2)): reasons, the exact address, the notifier's name and e-mail,
    and a statement of good faith. A receipt goes to the reporter."""
    if key is not None and (existing := Report.objects.filter(submission_key=key).first()):
        return existing
    if post.status != Post.Status.PUBLISHED:
        raise ForumError("Ce message n'est plus publié : il n'y a plus rien à signaler.", code="gone")
    if reason not in Report.Reason.values:
        raise ForumError("Choisissez le motif du signalement.", code="reason", field="reason")
    explanation = (explanation or "").strip()
    if len(explanation) < 10:
        raise ForumError(
            "Expliquez en quelques mots pourquoi ce message est illicite ou contraire à la charte.",
            code="explanation",
            field="explanation",
        )
    if not good_faith:
        raise ForumError(
            "Cochez la déclaration de bonne foi : un signalement doit être fait de bonne foi.",
            code="good_faith",
            field="good_faith",
        )
    report = Report.objects.create(
        post=post,
        reason=reason,
        explanation=explanation[:5000],
        url=url,
        reporter=by if by.is_authenticated else None,
        reporter_name=name.strip(),
        reporter_email=email.strip(),
        good_faith=True,
        submission_key=key,
    )
    send_email_on_commit(
        "forum_report_received",
        to=report.reporter_email,
        context={"name": report.reporter_name, "url": report.url, "reason": report.get_reason_display()},
    )
    return report


@transaction.atomic
def report_uphold(*, report: Report, ground: str, explanation: str, by) -> ModerationDecision:
    _require_moderator(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.PENDING:
        raise ForumError("Ce signalement a déjà été traité.", code="already")
    return post_remove(post=report.post, ground=ground, explanation=explanation, by=by, report=report)


@transaction.atomic
def report_dismiss(*, report: Report, outcome: str, by) -> Report:
    _require_moderator(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.PENDING:
        raise ForumError("Ce signalement a déjà été traité.", code="already")
    outcome = (outcome or "").strip()
    if len(outcome) < 10:
        raise ForumError(
            "Dites à la personne qui a signalé pourquoi le message reste en ligne.", code="outcome", field="outcome"
        )
    ModerationDecision.objects.create(
        post=report.post, report=report, action=ModerationDecision.Action.KEPT, explanation=outcome, moderator=by
    )
    _close_report(report, status=Report.Status.DISMISSED, outcome=outcome, by=by)
    return report


@transaction.atomic
def sanction_impose(*, member, kind: str, reason: str, by, days: int | None = None, post: Post | None = None):
    """Warning, suspension for a number of days, or exclusion; the member is told by e-mail with the dates."""
    _require_moderator(by)
    if member.pk == by.pk:
        raise ForumError("Un modérateur ne se sanctionne pas lui-même.", code="self")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ForumError("Donnez le motif de la sanction : il est envoyé au membre.", code="reason", field="reason")
    now = timezone.now()
    ends_at = None
    if kind == Sanction.Kind.SUSPENSION:
        if not days or not 1 <= days <= 365:
            raise ForumError("Une suspension dure de 1 à 365 jours.", code="days", field="days")
        ends_at = now + dt.timedelta(days=days)
    elif kind not in Sanction.Kind.values:
        raise ForumError("Choisissez la sanction.", code="kind", field="kind")
    sanction = Sanction.objects.create(
        member=member, kind=kind, reason=reason, post=post, starts_at=now, ends_at=ends_at, by=by
    )
    send_email_on_commit(
        "forum_sanction",
        to=member.email,
        context={
            "first_name": member.first_name,
            "kind": sanction.get_kind_display(),
            "is_warning": kind == Sanction.Kind.WARNING,
            "is_exclusion": kind == Sanction.Kind.EXCLUSION,
            "starts_at": timezone.localtime(sanction.starts_at),
            "ends_at": timezone.localtime(ends_at) if ends_at else None,
            "reason": reason,
            "charter": _link("/forum/charte/"),
            "link": _link("/contact/"),
        },
    )
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, by) -> Sanction:
    _require_moderator(by)
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    return sanction


@transaction.atomic
def thread_set_closed(*, thread: Thread, closed: bool, by) -> Thread:
    _require_moderator(by)
    thread.is_closed = closed
    thread.save(update_fields=["is_closed"])
    return thread
