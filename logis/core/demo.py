"""The registry of demo sections: each app loads its own demo data (`logis/<app>/demo.py`).

An app adds its demo data by writing a function in its `demo.py` and registering it::

    from logis.core.demo import DemoContext, demo_section

    @demo_section("offers", after=("geo", "organizations"))
    def load_offers(ctx: DemoContext) -> list[str]:
        ...  # create what is missing (idempotent), return the lines to print

`manage.py load_demo` finds every app's `demo.py`, orders the sections so that each runs after the sections it
names in `after` (otherwise in the order of INSTALLED_APPS, then of registration), and runs them in one
transaction. A section must be idempotent (a second run creates and changes nothing) and deterministic, and must
not send e-mail. What a section makes for later ones (the demo organisations by key) goes in `ctx.shared`.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, TextIO

DEMO_PASSWORD = "logis-demo-2025"  # noqa: S105 - published demo password, printed by load_demo


@dataclasses.dataclass
class DemoContext:
    now: dt.datetime
    stdout: TextIO
    options: dict[str, Any] = dataclasses.field(default_factory=dict)
    password: str = DEMO_PASSWORD
    # What a section made for the sections after it, by name (e.g. "organizations": {key: Organization}).
    shared: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class DemoSection:
    name: str
    load: Callable[[DemoContext], list[str] | None]
    after: tuple[str, ...]

    @property
    def app(self) -> str:
        return self.load.__module__.split(".")[1]


class DemoSectionError(Exception):
    pass


_SECTIONS: dict[str, DemoSection] = {}


def demo_section(name: str, *, after: tuple[str, ...] | list[str] = ()):
    """Register the decorated function as the demo section `name`, run after the sections named in `after`."""

    def decorate(func: Callable[[DemoContext], list[str] | None]):
        section = DemoSection(name=name, load=func, after=tuple(after))
        existing = _SECTIONS.get(name)
        if existing is not None and existing.load.__qualname__ != func.__qualname__:
            raise DemoSectionError(f"Two demo sections are named {name!r}: {existing.app} and {section.app}.")
        _SECTIONS[name] = section
        return func

    return decorate


def ordered_sections(
    app_order: list[str] | None = None, sections: list[DemoSection] | None = None
) -> list[DemoSection]:
    """Every registered section (or `sections`), each after the ones it depends on; ties keep `app_order`, then
    registration."""
    rank = {app: i for i, app in enumerate(app_order or [])}
    pending = sorted(_SECTIONS.values() if sections is None else sections, key=lambda s: rank.get(s.app, len(rank)))
    known = {section.name for section in pending}
    for section in pending:
        unknown = [name for name in section.after if name not in known]
        if unknown:
            raise DemoSectionError(f"The demo section {section.name!r} runs after unknown sections: {unknown}.")
    done: list[DemoSection] = []
    names: set[str] = set()
    while pending:
        ready = next((s for s in pending if set(s.after) <= names), None)
        if ready is None:
            raise DemoSectionError(f"The demo sections depend on each other: {[s.name for s in pending]}.")
        pending.remove(ready)
        done.append(ready)
        names.add(ready.name)
    return done
