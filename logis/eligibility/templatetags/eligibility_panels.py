from django import template

register = template.Library()


@register.inclusion_tag("eligibility/includes/_dashboard_panel.html", takes_context=True)
def eligibility_dashboard_panel(context, demand):
    """The applicant dashboard's panel of this app (placeholder until the app fills it)."""
    return {"demand": demand, "show": False}
