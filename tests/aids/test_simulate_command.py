"""`manage.py simulate`: the same code path as the pages, one JSON object with the keys the issue lists."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def simulate(kind, data, **options):
    out = StringIO()
    call_command("simulate", kind, "--json", json.dumps(data), stdout=out, **options)
    return json.loads(out.getvalue())


def test_loan_gives_the_official_example():
    result = simulate(
        "loan",
        {
            "principal": 30000,
            "annual_rate_pct": 1,
            "months": 300,
            "insurance": {"basis": "initial", "annual_rate_pct": 0.1668},
        },
    )
    assert result["monthly_payment"] == "113.06"
    assert result["monthly_insurance"] == "4.17"
    assert result["total_interest"] == "3918.52"
    assert result["taeg_pct"] == "1.31"
    assert {"total_insurance", "total_cost", "schedule"} <= set(result)
    assert len(result["schedule"]) == 300
    assert result["schedule"][-1]["remaining"] == "0.00"


@pytest.mark.django_db
def test_apl_gives_the_amount_the_zone_and_the_intermediate_figures():
    result = simulate(
        "apl",
        {
            "commune": "69123",
            "rent": 450,
            "dependants": 0,
            "annual_taxable_salaries": [13333.34],
            "housing": "private",
            "month": "2026-01",
        },
    )
    assert result["monthly_amount"] == 90
    assert result["zone"] == 2
    assert result["is_estimate"] is True
    assert {"rent_retained", "charges", "resources", "r0", "tf", "tl", "personal_participation", "crds"} <= set(result)


def test_the_aid_simulators_answer():
    assert simulate("loca-pass", {"deposit": 900}, today="2026-12-01")["monthly"] == "36.00"
    assert (
        simulate(
            "mobili-jeune",
            {
                "age": 22,
                "contract": "apprentissage",
                "sector": "prive",
                "monthly_gross_salary": 1200,
                "rent": 450,
                "housing_benefit": 200,
                "distance_km": 120,
                "contract_start": "2026-09-01",
            },
            today="2026-12-01",
        )["eligible"]
        is True
    )
    assert simulate("visale", {"age": 24, "status": "salarie", "rent_with_charges": 800, "zone": "II"})["eligible"]


def test_bad_input_exits_1_with_a_french_message_in_json(capsys):
    out = StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("simulate", "loan", "--json", '{"principal": -1, "annual_rate_pct": 1, "months": 12}', stdout=out)
    assert caught.value.code == 1
    error = json.loads(out.getvalue())["error"]
    assert error["field"] == "principal"
    assert "tapez un nombre d'au moins 1" in error["message"]


def test_json_that_is_not_an_object_is_refused():
    with pytest.raises(CommandError, match="objet JSON"):
        call_command("simulate", "loan", "--json", "[1, 2]", stdout=StringIO())
    with pytest.raises(CommandError, match="pas un objet JSON valide"):
        call_command("simulate", "loan", "--json", "{principal", stdout=StringIO())
