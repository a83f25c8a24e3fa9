import csv
import io

import pytest
from django.core.management import CommandError, call_command

from tests.rules import reference_tables as ref


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rules_tables", *args, stdout=out, stderr=err)
    return list(csv.DictReader(io.StringIO(out.getvalue()))), err.getvalue()


def test_rules_tables_prints_every_ceiling_of_2026_as_csv_and_says_which_intermediate_year_it_uses():
    rows, err = run("--year", "2026")
    assert list(rows[0]) == ["programme", "zone", "category", "ceiling_eur"]
    assert len(rows) == 3 * 3 * 7 + 4 * 7
    printed = {(row["programme"], row["zone"], row["category"]): int(row["ceiling_eur"]) for row in rows}
    for programme in ("PLAI", "PLUS", "PLS"):
        for _, zone, year, key, amount, _ in ref.social_cells(programme):
            if year == 2026:
                assert printed[(programme, zone, key)] == amount
    for zone, key, amount, _ in ref.intermediate_cells():
        assert printed[("LLI", zone, key)] == amount
    assert "Pas de plafonds de logement intermédiaire pour 2026 : ceux de 2025" in err


def test_rules_tables_for_2025_uses_its_own_intermediate_table_silently():
    rows, err = run("--year", "2025")
    assert err == ""
    assert {"programme": "PLUS", "zone": "idf", "category": "3", "ceiling_eur": "47944"} in rows


def test_rules_tables_refuses_a_year_without_social_ceilings():
    with pytest.raises(CommandError, match="2025, 2026"):
        run("--year", "2019")
