"""The demo's applicant whose demand is imported has a saved search with daily alerts and a favourite."""

import pytest

from logis.searches.demo import APPLICANT, SEARCH_NAME
from logis.searches.models import Favourite, SavedSearch
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 - the fixture of the demo's communes

pytestmark = pytest.mark.django_db


def test_the_demo_applicant_has_a_daily_search_and_a_favourite(communes_extract):  # noqa: F811
    load_demo(communes=communes_extract)
    search = SavedSearch.objects.get(owner__email=APPLICANT, name=SEARCH_NAME)
    assert search.frequency == SavedSearch.Frequency.DAILY
    favourite = Favourite.objects.get(owner__email=APPLICANT)
    assert favourite.offer.status == "published"
    load_demo(communes=communes_extract)  # idempotent
    assert SavedSearch.objects.filter(owner__email=APPLICANT).count() == 1
    assert Favourite.objects.filter(owner__email=APPLICANT).count() == 1
