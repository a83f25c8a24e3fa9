"""« Déménagement » (/demenagement/): the personal checklist, started by anyone signed in."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from logis.moving.forms import MovingPlanForm
from logis.moving.models import MovingPlan, MovingTask
from logis.moving.services import FIELDS, moving_plan_save, moving_task_set_done, situation_of
from logis.rules.formatting import plural
from logis.rules.moving import notice


def _aid_url(name: str) -> str:
    parts = name.split(":")
    try:
        return reverse(":".join(parts[:2]), args=parts[2:])
    except NoReverseMatch:
        return ""


def checklist_page(request):
    plan = MovingPlan.objects.filter(owner=request.user).first()
    initial = (
        {name: getattr(plan, name) for name in (*FIELDS, "moving_date", "reminders")}
        if plan
        else {"lease_kind": "empty", "reminders": True}
    )
    form = MovingPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moving_plan_save(
            owner=request.user,
            moving_date=data["moving_date"],
            **{name: data[name] for name in (*FIELDS, "reminders")},
        )
        messages.success(request, "Votre liste de déménagement est à jour.")
        return redirect("moving:checklist")
    today = timezone.localdate()
    tasks = []
    if plan is not None:
        for task in plan.tasks.all():
            tasks.append(
                {
                    "task": task,
                    "aid_url": _aid_url(task.aid_link) if task.aid_link else "",
                    "late": task.done_at is None and task.due_on < today,
                }
            )
    context = {
        "plan": plan,
        "form": form,
        "tasks": tasks,
        "notice": notice(situation_of(plan)) if plan else None,
        "done": plural(sum(1 for t in tasks if t["task"].done_at), "tâche faite", "tâches faites"),
        "editing": plan is None or bool(form.errors) or request.GET.get("modifier") == "1",
    }
    return render(request, "moving/checklist.html", context, status=400 if form.errors else 200)


@require_POST
def task_toggle(request, pk):
    task = get_object_or_404(MovingTask.objects.filter(plan__owner=request.user), pk=pk)
    done = request.POST.get("done") == "1"
    moving_task_set_done(task=task, done=done, by=request.user)
    messages.success(request, f"« {task.title} » : {'faite' if done else 'à faire'}.")
    return redirect(f"{reverse('moving:checklist')}#tache-{task.pk}")
