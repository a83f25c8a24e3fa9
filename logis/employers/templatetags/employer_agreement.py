from django import template

from logis.core.db import CompiledRows
from logis.employers.models import Agreement

register = template.Library()

# The demand's agreement (one at most), as `.first()` reads it: compiled once per process (logis.core.db), since
# an offer's page and each application in progress of « Mes candidatures » read it.
_AGREEMENT_OF = CompiledRows(
    Agreement, lambda demand_id: Agreement.objects.filter(demand_id=demand_id).order_by("pk")[:1], int
)


@register.inclusion_tag("employers/includes/_agreement_condition.html")
def agreement_condition(demand):
    """Where the agreement stands, said as the condition of the landlord's validation (offer page, Mes
    candidatures). An advisor's agreement never suggests that the employer was contacted."""
    found = _AGREEMENT_OF.instances(demand.pk) if demand is not None else []
    agreement = found[0] if found else None
    return {"agreement": agreement, "demand": demand}
