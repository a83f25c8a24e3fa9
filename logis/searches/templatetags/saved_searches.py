"""Fragments of the searches app on pages of other apps (ADR 0007): the « save this search » form on Mes offres and
the favourite button of an offer's card and page."""

from django import template

from logis.searches.forms import SaveSearchForm
from logis.searches.models import Favourite

register = template.Library()

# Parameters of Mes offres that are not part of a search.
NOT_SAVED = ("page", "vue", "assouplir", "zone", "par_page")


@register.inclusion_tag("searches/includes/_save_search.html", takes_context=True)
def save_search_form(context):
    query = context["request"].GET.copy()
    for name in NOT_SAVED:
        query.pop(name, None)
    return {"form": SaveSearchForm(initial={"query": query.urlencode()}), "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def favourite_ids(context, offers) -> set[int]:
    """The ids of `offers` the signed-in person keeps in « Mes favoris » (one query for a page of offers)."""
    user = context["request"].user
    ids = [offer.pk for offer in offers]
    if not user.is_authenticated or not ids:
        return set()
    return set(Favourite.objects.filter(owner=user, offer_id__in=ids).values_list("offer_id", flat=True))


@register.simple_tag(takes_context=True)
def offer_is_favourite(context, offer) -> bool:
    user = context["request"].user
    return user.is_authenticated and Favourite.objects.filter(owner=user, offer=offer).exists()


@register.inclusion_tag("searches/includes/_favourite_button.html", takes_context=True)
def favourite_button(context, offer, is_favourite):
    request = context["request"]
    return {
        "offer": offer,
        "is_favourite": bool(is_favourite),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
