from django import template

from logis.applications import workflow

register = template.Library()


@register.filter
def answer_deadline(application):
    """When the dwelling offered to the applicant passes to the next candidate without an answer (R441-10).

    Reads the application's history (prefetched by the list of "Mes candidatures"): no query per card.
    """
    offered = [log.at for log in application.transitions.all() if log.to_state == workflow.State.OFFER_MADE.value]
    return workflow.answer_deadline(max(offered)) if offered else None


@register.simple_tag
def commission_decision(application):
    """The CALEOL's latest decision on the application (rank, missing piece and deadline), or None."""
    return application.decisions.order_by("-decided_at", "-id").first()
