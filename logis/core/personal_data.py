"""The registry of a person's data (« Mes données », RGPD articles 15, 17 and 20): each app declares its part.

An app that holds data about a person adds a `personal_data.py` and registers one section::

    from logis.core.personal_data import personal_data_section, rows

    @personal_data_section(
        "forum",
        title="Forum",
        order=80,
        erased="Vos messages restent publiés sous le nom « Ancien membre ».",
        kept="Les décisions de modération : un an.",
    )
    def forum_data(user):
        return {"Messages": rows(Post.objects.filter(author=user))}

    @forum_data.eraser
    def erase(user, *, now): ...

    @forum_data.warner
    def warn(user): return ["Vous avez 2 messages publiés ..."]

- the export function returns what the app holds about `user` and nobody else (a dict of lists of rows, as
  `rows` makes them); the export (JSON and PDF) is every section's, in `order`;
- the eraser runs when the person deletes their account (in `order`, accounts last), after every section's
  warnings were shown to the person; `erased` and `kept` are shown on the deletion page and in docs/rgpd.md.

The base app imports no other app (ADR 0007): the sections are found with Django's `autodiscover_modules`.
"""

import dataclasses
import datetime as dt
import decimal
import re
import uuid
from collections.abc import Callable, Iterable

from django.db import models
from django.utils.module_loading import autodiscover_modules

# Fields never exported: they are secrets of the platform, not data about the person (hashes, tokens, keys).
_SECRET_FIELD = re.compile(r"(hash|token|secret|password|storage_name|submission_key|event_key|_key$|^key$)")


@dataclasses.dataclass
class PersonalDataSection:
    name: str
    title: str
    export: Callable
    order: int = 50
    erased: str = ""
    kept: str = ""
    erase: Callable | None = None
    warn: Callable | None = None

    def eraser(self, func: Callable) -> Callable:
        self.erase = func
        return func

    def warner(self, func: Callable) -> Callable:
        self.warn = func
        return func


_SECTIONS: dict[str, PersonalDataSection] = {}


class PersonalDataError(Exception):
    pass


def personal_data_section(name: str, *, title: str, order: int = 50, erased: str = "", kept: str = ""):
    """Register the decorated export function as the section `name` of a person's data."""

    def decorate(func: Callable) -> PersonalDataSection:
        existing = _SECTIONS.get(name)
        if existing is not None and existing.export.__qualname__ != func.__qualname__:
            raise PersonalDataError(f"Two personal-data sections are named {name!r}.")
        section = PersonalDataSection(name=name, title=title, export=func, order=order, erased=erased, kept=kept)
        _SECTIONS[name] = section
        return section

    return decorate


def sections() -> list[PersonalDataSection]:
    """Every app's section, in order (each app's personal_data.py imported once)."""
    autodiscover_modules("personal_data")
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))


def _value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def row(obj: models.Model, *, user=None, exclude: Iterable[str] = ()) -> dict:
    """One object as the person reads it: each field under its French name, choices by their label, secrets left
    out. A link to another object gives its kind and number only (never its content: it may be someone else's);
    a link to `user` reads « vous »."""
    out = {}
    skip = set(exclude)
    for field in obj._meta.concrete_fields:
        if field.name in skip or _SECRET_FIELD.search(field.name):
            continue
        label = str(field.verbose_name)
        if field.is_relation:
            pk = getattr(obj, field.attname)
            if pk is None:
                value = None
            elif user is not None and field.related_model is type(user) and pk == user.pk:
                value = "vous"
            elif field.related_model is type(user):
                value = "un autre compte"
            else:
                value = f"{field.related_model._meta.verbose_name} n° {pk}"
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = _value(getattr(obj, field.attname))
        out[label] = value
    return out


def rows(queryset, *, user=None, exclude: Iterable[str] = ()) -> list[dict]:
    return [row(obj, user=user, exclude=exclude) for obj in queryset]
