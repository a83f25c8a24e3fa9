"""Demo data of saved searches and favourites (section "searches" of `manage.py load_demo`; idempotent): the demo
applicant whose demand is imported (salarie@logis.test; demandeur@logis.test still has hers to import) has a saved
search with daily alerts and keeps one offer in « Mes favoris »."""

from django.contrib.auth import get_user_model

from logis.core.demo import DemoContext, demo_section
from logis.offers.selectors import OfferSearch
from logis.searches.criteria import filters_of
from logis.searches.models import Favourite, SavedSearch
from logis.searches.services import favourite_add, search_save

APPLICANT = "salarie@logis.test"
SEARCH_NAME = "Près du travail, jusqu'à 750 €"
CRITERIA = {"perimetre": "adaptees", "loyer_max": "750"}


@demo_section("searches", after=("accounts", "employers", "offers", "landlords", "private_lettings"))
def load_searches_section(ctx: DemoContext) -> list[str]:
    user = get_user_model().objects.filter(email=APPLICANT).select_related("demand").first()
    if user is None or not hasattr(user, "demand"):
        return []
    lines = []
    if not SavedSearch.objects.filter(owner=user, name=SEARCH_NAME).exists():
        search_save(owner=user, name=SEARCH_NAME, criteria=CRITERIA, frequency=SavedSearch.Frequency.DAILY)
        lines.append(f"Mes recherches : « {SEARCH_NAME} », alertes quotidiennes, pour {APPLICANT}.")
    if not Favourite.objects.filter(owner=user).exists():
        offer = OfferSearch(user.demand, filters_of(CRITERIA)).ordered().first()
        if offer is not None:
            favourite_add(owner=user, offer=offer)
            lines.append(f"Mes favoris : « {offer.title} » pour {APPLICANT}.")
    return lines
