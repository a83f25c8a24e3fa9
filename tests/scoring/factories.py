"""Demands with a real register snapshot (read through logis.registry.api), and grid versions."""

import datetime as dt

import factory
from django.utils import timezone

from logis.demands.services import household_facts, record_snapshot
from logis.registry import api as registry_api
from logis.scoring.grid import grid_from_file
from logis.scoring.models import GridVersion
from tests.factories import (
    ApplicationFactory,
    CommuneFactory,
    DemandFactory,
    RegisteredDemandFactory,
    RegisteredHouseholdMemberFactory,
)


def demand_from_register(*, members=(), employer=None, employment_start=dt.date(2020, 1, 6), **registered):
    """A Demand imported from a register demand built with `registered` fields and `members` (dicts)."""
    record = RegisteredDemandFactory(**registered)
    for member in members:
        RegisteredHouseholdMemberFactory(demand=record, **member)
    found = registry_api.find_demand(record.numero_unique)
    return DemandFactory(
        with_information=True,
        numero_unique=found.numero_unique,
        household_size=found.household_size,
        reference_income=found.rfr_n2,
        monthly_resources=found.monthly_resources_total,
        workplace_commune=record.workplace_commune,
        wished_communes=list(found.wished_communes),
        wished_typologies=list(found.wished_typologies),
        wished_kind=found.wished_kind,
        employer=employer,
        employment_start=employment_start,
        snapshot=record_snapshot(found),
        household=household_facts(found),  # as the import writes it: the one record of the household
        rfr_n1=found.rfr_n1,
    )


def application_for(offer, *, created_at=None, **demand_fields):
    demand = demand_from_register(**demand_fields)
    return ApplicationFactory(demand=demand, offer=offer, created_at=created_at or timezone.now())


def months_ago(months: int) -> dt.datetime:
    now = timezone.now()
    return now - dt.timedelta(days=round(months * 30.44) + 2)


class GridVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridVersion

    scope = GridVersion.Scope.NATIONAL
    scope_code = ""
    name = "Grille de test"
    version = factory.Sequence(lambda n: n + 1)
    valid_from = dt.date(2026, 1, 1)
    criteria = factory.LazyFunction(lambda: grid_from_file().definition())


__all__ = ["CommuneFactory", "GridVersionFactory", "application_for", "demand_from_register", "months_ago"]
