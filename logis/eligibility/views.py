"""The public page "Plafonds de ressources": the tables in force, by zone and household category, with sources."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from logis.core.db import replica_reads
from logis.eligibility.selectors import tables_on
from logis.rules.ceilings import (
    CELL_KEYS,
    EXTRA_PERSON,
    SOCIAL_PROGRAMMES,
    CeilingTable,
    Programme,
    UnknownYear,
    available_years,
    latest_intermediate,
    load_ceilings,
)
from logis.rules.data_files import read_toml
from logis.rules.zones import LIMITROPHES_FILE

PROGRAMME_NAMES = {
    Programme.PLAI: "Prêt locatif aidé d'intégration (PLAI) — logements très sociaux",
    Programme.PLUS: "Prêt locatif à usage social (PLUS) — logements sociaux",
    Programme.PLS: "Prêt locatif social (PLS) — logements sociaux intermédiaires",
    Programme.LLI: "Logement locatif intermédiaire (LLI, PLI)",
}


@dataclass(frozen=True)
class Amount:
    amount: int
    derived: bool


@dataclass(frozen=True)
class Row:
    label: str
    amounts: list[Amount]


@dataclass(frozen=True)
class Table:
    programme: Programme
    title: str
    zones: list[str]
    rows: list[Row]
    sources: list[str]
    methods: list[str]
    notes: list[str]

    @property
    def has_derived(self) -> bool:
        return any(amount.derived for row in self.rows for amount in row.amounts)


def _table(table: CeilingTable, programme: Programme) -> Table:
    rows, sources, methods, notes = [], {}, {}, {}
    for key in CELL_KEYS:
        if key == EXTRA_PERSON:
            label = "Par personne supplémentaire" if table.kind == "social" else "Par personne à charge supplémentaire"
        elif table.kind == "social":
            label = f"Catégorie {key}"
        else:
            label = table.category_labels[key][:1].upper() + table.category_labels[key][1:]
        amounts = []
        for zone in table.zones:
            cell = table.cell(programme, zone, key)
            amounts.append(Amount(cell.amount, cell.derived))
            sources[cell.source] = True
            if cell.derived and cell.method:
                methods[cell.method] = True
            if cell.note:
                notes[cell.note] = True
        rows.append(Row(label, amounts))
    return Table(
        programme=programme,
        title=PROGRAMME_NAMES[programme],
        zones=[table.zone_label(zone) for zone in table.zones],
        rows=rows,
        sources=list(sources),
        methods=list(methods),
        notes=list(notes),
    )


@login_not_required
@replica_reads
@require_GET
def ceilings(request):
    """The ceilings in force today (or of another available year, ?annee=2025), each table with its sources."""
    today = timezone.localdate()
    tables = tables_on(today)
    years = available_years("social")
    social = tables.social
    requested = request.GET.get("annee", "")
    if requested.isdigit() and int(requested) in years and int(requested) != social.year:
        social = load_ceilings(int(requested))
    try:
        intermediate = latest_intermediate(social.year)
    except UnknownYear:
        intermediate = None
    limitrophes = read_toml(LIMITROPHES_FILE)["communes"]
    context = {
        "social": social,
        "in_force": social.year == tables.social.year,
        "years": years,
        "social_tables": [_table(social, programme) for programme in SOCIAL_PROGRAMMES],
        "intermediate": intermediate,
        "intermediate_table": _table(intermediate, Programme.LLI) if intermediate else None,
        "limitrophes": sorted(name for code, name in limitrophes.items() if code != "75056"),
        "household": tables.parameters.household,
        "income": tables.parameters.income,
        "abc_source": tables.zones.abc_source,
    }
    return render(request, "eligibility/ceilings.html", context)
