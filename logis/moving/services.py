"""Use cases of the moving guide: start or change the plan, tick a task, send the reminders (daily job)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from logis.moving.models import MovingPlan, MovingTask
from logis.notifications.email import send_email_on_commit
from logis.rules.moving import Situation, checklist, due_soon

FIELDS = ("lease_kind", "zone_tendue", "social_attributed", "children", "car", "residence_permit")


def situation_of(plan: MovingPlan) -> Situation:
    return Situation(
        plan.moving_date,
        plan.lease_kind,
        plan.zone_tendue,
        plan.social_attributed,
        plan.children,
        plan.car,
        plan.residence_permit,
    )


@transaction.atomic
def moving_plan_save(
    *,
    owner,
    moving_date: dt.date,
    origin: str = MovingPlan.Origin.MANUAL,
    application=None,
    now: dt.datetime | None = None,
    **answers,
) -> MovingPlan:
    """Create or change the plan and rebuild its tasks; a task already ticked stays ticked."""
    now = now or timezone.now()
    plan = MovingPlan.objects.select_for_update().filter(owner=owner).first()
    if plan is None:
        plan = MovingPlan(owner=owner, created_at=now, origin=origin, application=application)
    plan.moving_date = moving_date
    for name in FIELDS:
        if name in answers:
            setattr(plan, name, answers[name])
    if "reminders" in answers:
        plan.reminders = answers["reminders"]
    plan.updated_at = now
    plan.save()
    _, tasks = checklist(situation_of(plan))
    existing = {task.code: task for task in plan.tasks.all()}
    wanted = {task.code for task in tasks}
    plan.tasks.exclude(code__in=wanted).delete()
    for task in tasks:
        row = existing.get(task.code) or MovingTask(plan=plan, code=task.code)
        if row.pk and row.due_on != task.due_on:
            row.reminded_at = None  # a new deadline earns a new reminder
        row.title, row.detail, row.due_on = task.title, task.detail, task.due_on
        row.link, row.aid_link = task.link, task.aid_link
        row.save()
    return plan


@transaction.atomic
def moving_task_set_done(*, task: MovingTask, done: bool, by, now: dt.datetime | None = None) -> MovingTask:
    task = MovingTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if task.plan.owner_id != by.pk:
        raise PermissionError("Only the owner ticks their moving tasks.")
    task.done_at = (now or timezone.now()) if done else None
    task.save(update_fields=["done_at"])
    return task


def moving_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each person their tasks due within a week (or overdue) not reminded yet; safe to run twice: a task
    is reminded once per deadline. Returns the number of e-mails."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=7)
    sent = 0
    plans = MovingPlan.objects.filter(
        reminders=True,
        tasks__done_at=None,
        tasks__reminded_at=None,
        tasks__due_on__lte=horizon,
        moving_date__gte=today - dt.timedelta(days=120),
    ).distinct()
    for plan in plans.select_related("owner"):
        with transaction.atomic():
            tasks = list(
                MovingTask.objects.select_for_update()
                .filter(plan=plan, done_at=None, reminded_at=None, due_on__lte=horizon)
                .order_by("due_on", "code")
            )
            tasks = [task for task in tasks if due_soon(task.due_on, today)]
            if not tasks:
                continue
            send_email_on_commit(
                "moving_reminder",
                to=plan.owner.email,
                context={
                    "first_name": plan.owner.first_name,
                    "moving_date": plan.moving_date,
                    "tasks": [{"title": t.title, "due_on": t.due_on, "late": t.due_on < today} for t in tasks],
                    "link": settings.SITE_URL.rstrip("/") + reverse("moving:checklist"),
                },
            )
            MovingTask.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_at=now)
            sent += 1
    return sent
