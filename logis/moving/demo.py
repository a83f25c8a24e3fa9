"""Demo data of the moving guide (a section of `manage.py load_demo`; idempotent, sends no e-mail): the demo
applicant's checklist for a move in five weeks, two tasks already done."""

import datetime as dt

from logis.accounts.models import User
from logis.core.demo import DemoContext, demo_section
from logis.moving.models import MovingPlan
from logis.moving.services import moving_plan_save

APPLICANT = "salarie@logis.test"


@demo_section("moving", after=("accounts", "employers"))
def load_moving_section(ctx: DemoContext) -> list[str]:
    return load_moving_demo(now=ctx.now)


def load_moving_demo(*, now: dt.datetime) -> list[str]:
    user = User.objects.filter(email=APPLICANT).first()
    if user is None:
        return []
    if not MovingPlan.objects.filter(owner=user).exists():
        plan = moving_plan_save(
            owner=user,
            moving_date=(now + dt.timedelta(days=35)).date(),
            now=now,
            lease_kind="empty",
            social_attributed=True,
            children=True,
            car=True,
        )
        plan.tasks.filter(code__in=["school", "organisations"]).update(done_at=now)
    return [f"Déménagement : {APPLICANT} a une liste de déménagement (/demenagement/)."]
