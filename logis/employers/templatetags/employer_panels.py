from django import template

from logis.employers.forms import ShareConsentForm
from logis.employers.models import Agreement

register = template.Library()


@register.inclusion_tag("employers/includes/_dashboard_panel.html", takes_context=True)
def agreement_dashboard_panel(context, demand):
    """The applicant's panel: where the employer's agreement stands, who handles it and what to do next."""
    agreement = Agreement.objects.select_related("employer").filter(demand=demand).first()
    consent_form = None
    if agreement is not None and agreement.handler == Agreement.Handler.EMPLOYER:
        consent_form = ShareConsentForm(initial={"share_application_status": agreement.share_application_status})
    return {
        "show": True,
        "demand": demand,
        "agreement": agreement,
        "consent_form": consent_form,
        "csrf_token": context.get("csrf_token"),
    }
