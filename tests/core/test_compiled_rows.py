"""logis.core.db.CompiledRows: a read compiled once per connection, run with new values, gives the rows the
QuerySet gives."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from logis.applications.models import TransitionLog
from logis.core.db import CompiledRows
from logis.offers.models import Offer
from tests.factories import ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _logs(to_state, typology):
    return (
        TransitionLog.objects.filter(to_state=to_state, application__offer__typology=typology)
        .order_by("pk")
        .values_list("pk", "at", "application__offer__typology")
    )


def test_the_rows_are_those_of_the_queryset_for_every_set_of_values():
    at = timezone.now() - dt.timedelta(days=3)
    for typology, state in (("T2", "submitted"), ("T3", "submitted"), ("T3", "withdrawn")):
        application = ApplicationFactory(offer=OfferFactory(typology=typology))
        TransitionLog.objects.create(application=application, transition="x", to_state=state, at=at)
    calls = []

    def build(to_state, typology):
        calls.append((to_state, typology))
        return _logs(to_state, typology)

    compiled = CompiledRows(TransitionLog, build, str, str)
    for to_state, typology in (("submitted", "T3"), ("submitted", "T2"), ("withdrawn", "T3"), ("signed", "T3")):
        assert compiled.rows(to_state, typology) == list(_logs(to_state, typology))
    assert len(calls) == 1  # built once, with placeholders
    [(_pk, read_at, _typology)] = compiled.rows("withdrawn", "T3")
    assert read_at == at  # the ORM's converters applied (an aware datetime on every backend)


def test_an_argument_the_orm_transforms_is_refused():
    compiled = CompiledRows(Offer, lambda text: Offer.objects.filter(title__contains=text).values_list("pk"), str)
    with pytest.raises(ValueError, match="every argument"):
        compiled.rows("Lyon")


def test_the_compiled_read_is_kept_per_connection():
    compiled = CompiledRows(Offer, lambda pk: Offer.objects.filter(pk=pk).values_list("title"), int)
    offer = OfferFactory(title="Le T2 du quai")
    assert compiled.rows(offer.pk) == [("Le T2 du quai",)]
    assert list(compiled._compiled) == [connection]


def test_the_instances_come_with_their_select_related_and_annotations(django_assert_num_queries):
    from django.db.models import F

    compiled = CompiledRows(
        Offer,
        lambda pk: (
            Offer.objects.select_related("landlord", "commune")
            .annotate(twice=F("bedrooms") * 2)
            .filter(pk=pk)
            .order_by()
        ),
        int,
    )
    offer = OfferFactory(bedrooms=2)
    other = OfferFactory(bedrooms=3)
    for expected in (offer, other):
        with django_assert_num_queries(1):
            [read] = compiled.instances(expected.pk)
            assert (read.pk, read.landlord.name, read.commune.name) == (
                expected.pk,
                expected.landlord.name,
                expected.commune.name,
            )
            assert read.twice == expected.bedrooms * 2
            assert read._state.db == "default"
            assert not read._state.adding
    assert compiled.instances(-1) == []


def test_a_prefetch_is_not_compiled():
    compiled = CompiledRows(Offer, lambda pk: Offer.objects.prefetch_related("photos").filter(pk=pk), int)
    with pytest.raises(ValueError, match="prefetch"):
        compiled.instances(1)
