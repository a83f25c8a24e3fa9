"""The registry of effects: in-transaction effects run at once and in order, after-commit ones only once the
transaction commits, each in its own transaction, and a failing one is logged without undoing the use case."""

import logging

import pytest
from django.db import transaction

from logis.core.effects import Effects, Phase
from logis.geo.models import Commune
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_in_transaction_effects_run_at_once_in_order_and_after_commit_ones_wait(django_capture_on_commit_callbacks):
    registry = Effects("test.event", "A test event.")
    seen = []
    registry.register(lambda event: seen.append(("after", event)))
    registry.register(lambda event: seen.append(("first", event)), phase=Phase.IN_TRANSACTION)
    registry.register(
        lambda event: seen.append(("never", event)), phase=Phase.IN_TRANSACTION, matches=lambda e: e != "x"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registry.run("x")
        assert seen == [("first", "x")]
    assert len(callbacks) == 1
    assert seen == [("first", "x"), ("after", "x")]


def test_an_in_transaction_effect_that_fails_undoes_the_use_case():
    registry = Effects("test.event", "A test event.")

    def refuse(event):
        raise ValueError("the effect refuses")

    def use_case():
        with transaction.atomic():
            CommuneFactory(insee="01001")
            registry.run("x")

    registry.register(refuse, phase=Phase.IN_TRANSACTION)
    with pytest.raises(ValueError, match="the effect refuses"):
        use_case()
    assert not Commune.objects.filter(insee="01001").exists()


def test_a_failing_after_commit_effect_is_logged_and_the_others_still_run(django_capture_on_commit_callbacks, caplog):
    registry = Effects("test.event", "A test event.")
    seen = []

    def broken(event):
        CommuneFactory(insee="01002")  # written in the effect's own transaction, rolled back with it
        raise RuntimeError("down")

    registry.register(broken)
    registry.register(lambda event: seen.append(event))
    with caplog.at_level(logging.ERROR, logger="logis.core.effects"), django_capture_on_commit_callbacks(execute=True):
        CommuneFactory(insee="01003")
        registry.run("x")
    assert seen == ["x"]
    assert Commune.objects.filter(insee="01003").exists()
    assert not Commune.objects.filter(insee="01002").exists()
    assert "test_effects.test_a_failing_after_commit_effect_is_logged_and_the_others_still_run.<locals>.broken" in (
        caplog.text
    )


def test_registering_the_same_function_twice_keeps_one_entry():
    registry = Effects("test.event", "A test event.")

    def effect(event):
        """Does one thing."""

    registry.register(effect)
    registry.register(effect)
    assert [e.summary for e in registry] == ["Does one thing."]
