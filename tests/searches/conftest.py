import datetime as dt

import pytest
from django.utils import timezone

from logis.searches.models import SavedSearch
from tests.factories import CommuneFactory, DemandFactory


@pytest.fixture
def lyon(db):
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    return DemandFactory(
        workplace_commune=lyon, wished_communes=["69123"], wished_typologies=["T2", "T3"], household_size=2
    )


@pytest.fixture
def applicant(client, demand):
    client.force_login(demand.owner)
    return demand.owner


def saved(
    owner,
    *,
    criteria=None,
    frequency=SavedSearch.Frequency.DAILY,
    eligible_only=True,
    hours_ago=24,
    name="Ma recherche",
):
    """A saved search created `hours_ago` hours ago (offers published since then are new to it)."""
    search = SavedSearch.objects.create(
        owner=owner,
        name=name,
        criteria=criteria or {"perimetre": "adaptees"},
        frequency=frequency,
        eligible_only=eligible_only,
    )
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours_ago))
    search.refresh_from_db()
    return search
