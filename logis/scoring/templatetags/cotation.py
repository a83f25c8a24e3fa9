"""The cotation the law owes the applicant (R441-2-10 CCH), for "Mes candidatures": the page of the applications
app loads it here, so that the applications app does not depend on the cotation's."""

from django import template

from logis.scoring.selectors import applicant_cotations, refusal_effect

register = template.Library()


@register.simple_tag
def applicant_cotations_of(applications) -> dict:
    """{application pk: cotation} for the applications in progress among `applications`."""
    return applicant_cotations(applications)


@register.filter
def cotation_of(cotations: dict, application):
    return cotations.get(application.pk)


@register.simple_tag
def refusal_effect_of(application) -> str:
    """The effect of refusing the dwelling offered on the applicant's cotation (R441-2-17 CCH), in words."""
    return refusal_effect(application)
