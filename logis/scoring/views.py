"""The public page of the cotation grids: each territory's grid in force, criterion by criterion (L441-2-8 CCH:
the criteria and their weighting are public)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from logis.scoring.models import GridVersion
from logis.scoring.services import default_grid_version, grid_of


@dataclass(frozen=True)
class CriterionRow:
    label: str
    points: str
    conditions: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class GroupRows:
    label: str
    rule: str
    criteria: tuple[CriterionRow, ...]


def _points(criterion) -> str:
    if criterion.points_from:
        text = "points fixés par l'employeur"
    elif criterion.per:
        text = f"{criterion.points} point{'s' if criterion.points > 1 else ''} par {criterion.per_label or 'unité'}"
    else:
        text = f"{criterion.points} point{'s' if abs(criterion.points) > 1 else ''}"
    if criterion.cap is not None:
        text += f", au plus {criterion.cap}"
    return text


def grid_rows(version: GridVersion) -> list[GroupRows]:
    """The grid's criteria by group, as sentences."""
    grid = grid_of(version)
    groups = []
    for group in [*grid.groups, None]:
        code = group.code if group else ""
        criteria = tuple(
            CriterionRow(
                label=c.label,
                points=_points(c),
                conditions=tuple(condition.rule_text() for condition in c.conditions),
                status="valeur d'une grille publiée" if c.status == "borrowed" else "choix de la plateforme",
            )
            for c in grid.criteria
            if c.group == code
        )
        if not criteria:
            continue
        if group is None:
            groups.append(GroupRows("Autres critères", "Les points s'ajoutent.", criteria))
        elif group.mode == "exclusive":
            groups.append(GroupRows(group.label, "Seul le critère le plus élevé du groupe compte.", criteria))
        else:
            cap = f", dans la limite de {group.cap} points" if group.cap is not None else ""
            groups.append(GroupRows(group.label, f"Les points s'ajoutent{cap}.", criteria))
    return groups


@login_not_required
@require_GET
def grids(request):
    today = timezone.localdate()
    versions = list(GridVersion.objects.valid_on(today).order_by("scope", "scope_code", "-valid_from", "-version"))
    latest = {}
    for version in versions:  # the latest version of each territory
        latest.setdefault((version.scope, version.scope_code), version)
    shown = list(latest.values())
    if not any(v.scope == GridVersion.Scope.NATIONAL for v in shown):
        shown.insert(0, default_grid_version())
    return render(
        request,
        "scoring/grids.html",
        {"grids": [(version, grid_rows(version)) for version in shown], "today": today},
    )
