"""The offer read by its page, GET /offres/<pk>/: the one offer the person may see (`Offer.objects.visible_to`),
with its landlord, its commune and its photos."""

from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.http import Http404

from logis.core.db import CompiledRows
from logis.offers.models import Offer
from logis.organizations.roles import is_logis_team


def _visible(pk: int, user_id: int):
    # The scope of an account that is not of the Logis team (visible_to reads only its id: its memberships).
    account = get_user_model()(pk=user_id)
    return Offer.objects.visible_to(account).select_related("landlord", "commune").filter(pk=pk).order_by()[:1]


# Compiled once per process (logis.core.db.CompiledRows): building this query (the offer, its landlord and its
# commune, about 120 columns, and the scope) cost several times what PostgreSQL takes to run it.
_VISIBLE = CompiledRows(Offer, _visible, int, int)


def offer_for_page(user, pk: int) -> Offer:
    """The offer `pk` if `user` may see it (Http404 otherwise), with its landlord, commune and photos."""
    if user.is_authenticated and not is_logis_team(user):
        found = _VISIBLE.instances(pk, user.pk)
    else:  # signed out, or the Logis team (every offer): the QuerySet as it is
        found = list(Offer.objects.visible_to(user).select_related("landlord", "commune").filter(pk=pk)[:1])
    if not found:
        raise Http404("Aucune offre ne correspond.")
    prefetch_related_objects(found, "photos")
    return found[0]
