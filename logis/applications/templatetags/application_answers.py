from django import template

register = template.Library()


@register.simple_tag
def commission_decision(application):
    """The CALEOL's latest decision on the application (rank, missing piece and deadline), or None."""
    return application.decisions.order_by("-decided_at", "-id").first()
