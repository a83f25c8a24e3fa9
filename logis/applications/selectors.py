"""Reads of the applications."""

from django.db.models import Prefetch

from logis.applications.models import Application, TransitionLog


def applications_of_applicant(user):
    """The applicant's own applications, newest first, with their offer and dated history (no query per row).

    The owner of an application always sees it (the first branch of `ApplicationQuerySet.visible_to`): the rest of
    that scope, a subquery of the person's memberships in an OR, would only be checked a second time."""
    return (
        Application.objects.filter(demand__owner=user)
        .select_related("offer__commune", "offer__landlord")
        .prefetch_related(Prefetch("transitions", queryset=TransitionLog.objects.order_by("at", "id")))
        .order_by("-created_at", "-id")
    )
