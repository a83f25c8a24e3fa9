"""The person's moving checklist (« Mes données »)."""

from logis.core.personal_data import personal_data_section, rows
from logis.moving.models import MovingPlan, MovingTask


@personal_data_section(
    "moving", title="Votre déménagement", order=65, erased="Votre liste de déménagement est effacée."
)
def moving_data(user) -> dict:
    return {
        "Déménagement": rows(MovingPlan.objects.filter(owner=user), user=user),
        "Tâches du déménagement": rows(MovingTask.objects.filter(plan__owner=user), user=user),
    }


@moving_data.eraser
def erase_moving(user, *, now) -> None:
    MovingPlan.objects.filter(owner=user).delete()
