"""What must hold before a transition may happen, declared by the app that knows it (like the effects).

The transition service asks every condition registered for the transition before it writes anything: a condition
returns None when it holds, or the reason it does not, in French, for the person who tried (it then raises
TransitionNotAllowed with that reason). An app registers its conditions in its own `effects.py`, found at
start-up (logis.core.apps), so that the applications app imports none of them::

    from logis.applications.conditions import requires

    @requires(transitions="validate")
    def employer_agreement_given(application) -> str | None:
        \"\"\"The employer's agreement is given.\"\"\"  # this line goes into docs/workflow.md
        ...
"""

import dataclasses
import inspect
from collections.abc import Callable, Iterable


@dataclasses.dataclass(frozen=True)
class Condition:
    func: Callable[[object], str | None]
    transitions: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    @property
    def summary(self) -> str:
        doc = inspect.getdoc(self.func) or ""
        return " ".join(doc.split("\n\n")[0].split())


_conditions: list[Condition] = []


def requires(*, transitions: str | Iterable[str]):
    """Register the decorated `func(application) -> str | None` as a condition of `transitions`."""
    names = frozenset({transitions} if isinstance(transitions, str) else transitions)

    def decorate(func):
        if all(existing.func is not func for existing in _conditions):
            _conditions.append(Condition(func=func, transitions=names))
        return func

    return decorate


def conditions_of(transition_name: str) -> list[Condition]:
    return [condition for condition in _conditions if transition_name in condition.transitions]


def all_conditions() -> list[Condition]:
    return list(_conditions)


def unmet(transition_name: str, application) -> list[str]:
    """The reasons, in French, why `transition_name` may not happen to `application` now (empty: it may)."""
    reasons = (condition.func(application) for condition in conditions_of(transition_name))
    return [reason for reason in reasons if reason]


def condition_docs() -> list[tuple[str, str, str]]:
    """The registered conditions as data for docs/workflow.md."""
    return [(", ".join(f"`{name}`" for name in sorted(c.transitions)), c.name, c.summary) for c in _conditions]
