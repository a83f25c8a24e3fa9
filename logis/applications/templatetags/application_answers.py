from django import template

register = template.Library()


@register.simple_tag
def commission_decision(application):
    """The CALEOL's latest decision on the application (rank, missing piece and deadline), or None."""
    return application.decisions.order_by("-decided_at", "-id").first()


@register.simple_tag
def closing_reason(application):
    """The log of the move into a set-aside, a non-attribution or an irrecevability (from the prefetched history),
    with its reason category and text, or None."""
    if application.state not in ("set_aside", "not_attributed", "inadmissible"):
        return None
    into = [log for log in application.transitions.all() if log.to_state == application.state]
    return into[-1] if into else None
