"""Declared effects: what other apps do when a use case of an app has happened, registered, not reached for.

An app whose use case has consequences in other apps declares a registry (`Effects`) next to that use case and
runs it at the end of the use case; the apps that care register a function on it in their own `effects.py`
(found at start-up: logis.core.apps). The app that runs the registry imports none of them.

Each effect runs in one of two phases (ADR 0008 says which effects run where, and why):

- ``Phase.IN_TRANSACTION``: inside the use case's transaction, right after its own writes, in the order of
  registration. For what must be true as soon as the use case is (the dwelling passes to the next ranked candidate
  in the same commit that frees it). An exception rolls the whole use case back.
- ``Phase.AFTER_COMMIT`` (the default): once the use case's transaction has committed, each effect in its own
  transaction, in the order of registration. For what may follow a moment later and must never undo the use case
  (a retention date, an alert, a webhook: work that leaves the process goes to the task queue from here). A
  failure is logged with the effect's name and does not stop the other effects; the use case stays done.
"""

import dataclasses
import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


class Phase(StrEnum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


def _always(event: Any) -> bool:
    return True


@dataclasses.dataclass(frozen=True)
class Effect:
    func: Callable[[Any], None]
    phase: Phase
    matches: Callable[[Any], bool] = _always
    # Free-form data the registry's owner uses to document the trigger (e.g. the transitions that fire it).
    trigger: Any = None

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    @property
    def app(self) -> str:
        """The app that registered the effect (`logis.<app>....`)."""
        return self.func.__module__.split(".")[1]

    @property
    def summary(self) -> str:
        """The first paragraph of the effect's docstring, on one line (what the effect does, for the docs)."""
        doc = inspect.getdoc(self.func) or ""
        return " ".join(doc.split("\n\n")[0].split())


class Effects:
    """One registry: the ordered effects that follow one kind of event."""

    def __init__(self, name: str, description: str):
        self.name = name
        self.description = description
        self._effects: list[Effect] = []

    def __iter__(self) -> Iterator[Effect]:
        return iter(tuple(self._effects))

    def __len__(self) -> int:
        return len(self._effects)

    def register(
        self,
        func: Callable | None = None,
        *,
        phase: Phase = Phase.AFTER_COMMIT,
        matches: Callable[[Any], bool] = _always,
        trigger: Any = None,
    ):
        """Register `func(event)`; usable as `@registry.register` or `@registry.register(phase=..., matches=...)`.

        Registering the same function twice keeps one entry.
        """

        def decorate(func: Callable) -> Callable:
            effect = Effect(func=func, phase=Phase(phase), matches=matches, trigger=trigger)
            if all(existing.func is not func for existing in self._effects):
                self._effects.append(effect)
            return func

        return decorate(func) if func is not None else decorate

    def run(self, event: Any) -> None:
        """Run the in-transaction effects that match `event` now, and schedule the after-commit ones."""
        for effect in self:
            if not effect.matches(event):
                continue
            if effect.phase == Phase.IN_TRANSACTION:
                effect.func(event)
            else:
                transaction.on_commit(functools.partial(_run_after_commit, self.name, effect, event))


def _run_after_commit(registry: str, effect: Effect, event: Any) -> None:
    try:
        with transaction.atomic():
            effect.func(event)
    except Exception:  # the use case is committed: log the failed follow-up, let the others run
        logger.exception("The effect %s of %s failed after commit.", effect.name, registry)
