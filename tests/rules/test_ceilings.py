import re
from datetime import date
from decimal import Decimal

import pytest

from logis.rules.ceilings import (
    CELL_KEYS,
    Programme,
    UnknownYear,
    available_years,
    latest_intermediate,
    load_ceilings,
    load_intermediate,
    table_in_force,
)
from tests.rules import reference_tables as ref

SOCIAL_CELLS = [cell for programme in ("PLAI", "PLUS", "PLS") for cell in ref.social_cells(programme)]


def _cell_id(cell):
    programme, zone, year, key, amount, derived = cell
    return f"{programme}-{year}-{zone}-{key}={amount}{'-D' if derived else ''}"


def test_reference_transcription_covers_every_cell_of_both_years():
    assert len(SOCIAL_CELLS) == 3 * 2 * 3 * 7
    assert len(ref.intermediate_cells()) == 4 * 7


@pytest.mark.parametrize("cell", SOCIAL_CELLS, ids=_cell_id)
def test_social_ceiling_cell_is_the_reference_figure(cell):
    programme, zone, year, key, amount, derived = cell
    table = load_ceilings(year)
    stored = table.cell(programme, zone, key)
    assert stored.amount == amount
    assert stored.derived is derived, "cells marked [D] in the reference stay marked derived (and only them)"
    if derived:
        assert stored.method, "a derived cell explains how it was derived"
    assert stored.source


@pytest.mark.parametrize("cell", ref.intermediate_cells(), ids=lambda cell: f"LLI-2025-{cell[0]}-{cell[1]}={cell[2]}")
def test_intermediate_ceiling_cell_is_the_lower_reference_figure(cell):
    zone, key, amount, values = cell
    stored = load_intermediate(2025).cell(Programme.LLI, zone, key)
    assert stored.amount == amount == min(values)
    if len(values) > 1:
        for value in values:
            assert str(value) in re.sub(r"\s", "", stored.note), "both source values are noted"
    assert not stored.derived


@pytest.mark.parametrize(("zone", "values"), ref.RENT_CAPS_2025.items())
def test_intermediate_rent_cap_rate_is_the_lower_reference_figure(zone, values):
    table = load_intermediate(2025)
    assert table.rent_caps.rates[zone] == min(Decimal(value) for value in values)


def test_tables_name_their_legal_source_and_date():
    for table in (load_ceilings(2025), load_ceilings(2026), load_intermediate(2025)):
        assert table.valid_from == date(table.year, 1, 1)
        assert table.legal_source.title
        assert table.legal_source.jo
        assert table.legal_source.jo_status in ("verified", "unverified")
    assert "19 décembre 2025" in load_ceilings(2026).legal_source.title
    assert "24 décembre 2025" in load_ceilings(2026).legal_source.jo
    assert "23 décembre 2024" in load_ceilings(2025).legal_source.title


def test_ceiling_of_category_3_in_ile_de_france_explains_where_it_comes_from():
    ceiling = load_ceilings(2026).ceiling("PLUS", "idf", 3)
    assert ceiling.amount == 48362
    assert ceiling.label == (
        "plafond PLUS 2026, Île-de-France hors Paris et communes limitrophes, catégorie 3 : 48\u202f362\u00a0€"
    )
    assert "arrêté du 19 décembre 2025" in ceiling.description.lower()
    assert "openfisca" in ceiling.description
    assert not ceiling.derived


def test_extra_persons_add_the_per_person_amount_to_category_6():
    ceiling = load_ceilings(2026).ceiling("PLUS", "autres", 6, extra_persons=2)
    assert ceiling.amount == 60156 + 2 * 6710
    assert "catégorie 6 + 2 personnes supplémentaires" in ceiling.label
    assert "60\u202f156\u00a0€ + 2 × 6\u202f710\u00a0€" in ceiling.description


def test_ceiling_built_on_a_derived_cell_says_so():
    ceiling = load_ceilings(2025).ceiling("PLAI", "idf", 5)
    assert ceiling.derived
    assert "valeur dérivée" in ceiling.description
    assert not load_ceilings(2025).ceiling("PLAI", "idf", 4).derived


def test_extra_persons_only_complete_category_6():
    with pytest.raises(ValueError, match="catégorie 6"):
        load_ceilings(2026).ceiling("PLUS", "idf", 3, extra_persons=1)
    with pytest.raises(ValueError, match="1 à 6"):
        load_ceilings(2026).ceiling("PLUS", "idf", 7)


def test_social_table_does_not_hold_intermediate_ceilings():
    with pytest.raises(LookupError, match="Pas de plafond LLI 2026 pour la zone « a » et la catégorie « 1 »"):
        load_ceilings(2026).ceiling("LLI", "a", 1)


def test_unknown_year_is_refused_with_the_available_years():
    with pytest.raises(UnknownYear, match="2025, 2026"):
        load_ceilings(2019)
    assert available_years("social") == (2025, 2026)


def test_intermediate_year_without_table_falls_back_to_the_latest_earlier_one():
    assert latest_intermediate(2026).year == 2025
    assert latest_intermediate(2025).year == 2025
    with pytest.raises(
        UnknownYear, match="Pas de plafonds de logement intermédiaire pour 2024 ni pour une année antérieure"
    ):
        latest_intermediate(2024)
    with pytest.raises(
        UnknownYear, match=r"Pas de plafonds de logement intermédiaire pour 2026 \(années disponibles : 2025\)"
    ):
        load_intermediate(2026)


def test_table_in_force_follows_valid_from():
    assert table_in_force("social", date(2025, 12, 31)).year == 2025
    assert table_in_force("social", date(2026, 1, 1)).year == 2026
    assert table_in_force("social", date(2031, 6, 1)).year == 2026
    assert table_in_force("intermediate", date(2026, 5, 1)).year == 2025
    with pytest.raises(UnknownYear, match="Aucun plafond social en vigueur le 2024-06-01"):
        table_in_force("social", date(2024, 6, 1))


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("programme", ["PLAI", "PLUS", "PLS"])
@pytest.mark.parametrize("zone", ["paris_limitrophes", "idf", "autres"])
def test_social_ceilings_grow_with_the_category(year, programme, zone):
    table = load_ceilings(year)
    amounts = [table.cell(programme, zone, key).amount for key in CELL_KEYS[:6]]
    assert amounts == sorted(amounts)
    assert len(set(amounts)) == 6


@pytest.mark.parametrize(
    ("zone", "surface", "expected_coefficient", "expected_amount"),
    [
        ("a", 50, Decimal("1.08"), Decimal("782.46")),  # 0.7 + 19/50 = 1.08; 14.49 × 50 × 1.08
        ("b1", 20, Decimal("1.2"), Decimal("280.32")),  # 0.7 + 19/20 = 1.65, capped at 1.2; 11.68 × 20 × 1.2
        ("b2c", 100, Decimal("0.89"), Decimal("903.35")),  # 0.7 + 0.19; 10.15 × 100 × 0.89
        ("abis", 38, Decimal("1.2"), Decimal("889.20")),  # 0.7 + 0.5 = 1.2 exactly; 19.50 × 38 × 1.2
    ],
)
def test_intermediate_rent_cap_applies_the_surface_coefficient(zone, surface, expected_coefficient, expected_amount):
    cap = load_intermediate(2025).rent_cap(zone, surface)
    assert cap.coefficient == expected_coefficient
    assert cap.amount == expected_amount
    assert "par mois hors charges" in cap.label
