"""What follows a refusal of the dwelling offered, for the applicant's confirmation page (the page of the
applications app loads it here: the commission's decisions hold the ranking)."""

from django import template

from logis.commission.selectors import next_ranked_application

register = template.Library()


@register.simple_tag
def what_follows_a_refusal(application) -> str:
    """What really happens to the dwelling if the applicant refuses it, in words: no promise of a next candidate
    when the commission ranked none."""
    following = next_ranked_application(application.offer)
    if following is not None and following.pk != application.pk:
        return "Le logement sera proposé au candidat suivant classé par la commission d'attribution."
    return (
        "La commission n'a classé aucun autre candidat pour ce logement : il reviendra au bailleur, qui pourra le "
        "présenter à une prochaine commission avec d'autres demandeurs."
    )
