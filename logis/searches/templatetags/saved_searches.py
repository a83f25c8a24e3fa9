"""Fragments of the searches app on pages of other apps (ADR 0007): the « save this search » form on Mes offres and
the favourite button of an offer's card and page (`_favourite_button.html`; for the twenty cards of a page of Mes
offres, the same HTML written in Python by `favourite_buttons`, tests/searches/test_favourite_buttons.py)."""

import functools

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from logis.searches.forms import SaveSearchForm
from logis.searches.models import Favourite

register = template.Library()

# Parameters of Mes offres that are not part of a search.
NOT_SAVED = ("page", "vue", "assouplir", "zone", "par_page")


@functools.lru_cache(maxsize=256)
def _save_search_form_html(query: str) -> SafeString:
    """The unbound form for the filters `query`: the same for everyone with these filters (most often none, a first
    visit), rendered once per process rather than on every page of Mes offres (two milliseconds)."""
    return mark_safe(str(SaveSearchForm(initial={"query": query})))  # noqa: S308 - rendered by Django, escaped


@register.inclusion_tag("searches/includes/_save_search.html", takes_context=True)
def save_search_form(context):
    query = context["request"].GET.copy()
    for name in NOT_SAVED:
        query.pop(name, None)
    return {"form": _save_search_form_html(query.urlencode()), "csrf_token": context.get("csrf_token")}


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


# Placeholder of the offer's id in the address of the favourite button (one reverse() for a page of buttons).
_OFFER_PLACEHOLDER = 987654321
_BUTTON = (
    '<form method="post" action="{action}" class="favourite-form">{csrf}'
    '<input type="hidden" name="next" value="{next}">{state}</form>'
)
_ADD = (
    '<input type="hidden" name="action" value="ajouter">'
    '<button type="submit" class="btn btn-sm btn-outline-primary" aria-pressed="false">'
    'Ajouter à mes favoris<span class="visually-hidden"> : {title}</span></button>'
)
_REMOVE = (
    '<input type="hidden" name="action" value="retirer">'
    '<button type="submit" class="btn btn-sm btn-outline-secondary" aria-pressed="true">'
    'Retirer de mes favoris<span class="visually-hidden"> : {title}</span></button>'
)


@register.simple_tag(takes_context=True)
def favourite_buttons(context, offers) -> dict[int, SafeString]:
    """The favourite button of each of `offers` by id, as `favourite_button` renders it (one query for the page:
    which of them the person keeps)."""
    offers = list(offers)
    kept = favourite_ids(context, offers)
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        if token and token != "NOTPROVIDED"  # noqa: S105 - what CsrfTokenNode skips, not a secret
        else ""
    )
    action = reverse("searches:favourite", args=[_OFFER_PLACEHOLDER])
    next_path = escape(context["request"].get_full_path())
    return {
        offer.pk: mark_safe(  # noqa: S308 - every value escaped
            _BUTTON.format(
                action=escape(action.replace(str(_OFFER_PLACEHOLDER), str(int(offer.pk)))),
                csrf=csrf,
                next=next_path,
                state=(_REMOVE if offer.pk in kept else _ADD).format(title=escape(offer.title)),
            )
        )
        for offer in offers
    }
