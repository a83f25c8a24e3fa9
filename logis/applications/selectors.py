"""Reads of the applications."""

from django.db.models import Prefetch

from logis.applications.models import Application, TransitionLog


def applications_of_applicant(user):
    """The applicant's own applications, newest first, with their offer and dated history (no query per row)."""
    return (
        Application.objects.visible_to(user)
        .filter(demand__owner=user)
        .select_related("offer__commune", "offer__landlord")
        .prefetch_related(Prefetch("transitions", queryset=TransitionLog.objects.order_by("at", "id")))
        .order_by("-created_at", "-id")
    )
