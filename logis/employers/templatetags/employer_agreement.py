from django import template

from logis.employers.models import Agreement

register = template.Library()


@register.inclusion_tag("employers/includes/_agreement_condition.html")
def agreement_condition(demand):
    """Where the agreement stands, said as the condition of the landlord's validation (offer page, Mes
    candidatures). An advisor's agreement never suggests that the employer was contacted."""
    agreement = Agreement.objects.filter(demand=demand).first() if demand is not None else None
    return {"agreement": agreement, "demand": demand}
