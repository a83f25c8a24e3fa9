"""The loan simulator: the official Action Logement example, the properties of the annuity, French errors."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logis.rules.loan import (
    Insurance,
    LoanInput,
    LoanInputError,
    accession_input,
    borrowing_capacity,
    combined_plan,
    debt_ratio,
    loan_input,
    simulate,
)

OFFICIAL = {"principal": 30000, "annual_rate_pct": 1, "months": 300}


def test_the_official_example_comes_out_to_the_cent():
    result = simulate(loan_input(OFFICIAL))
    assert result.monthly_payment == Decimal("113.06")
    assert result.total_interest == Decimal("3918.52")
    assert result.taeg_pct == Decimal("1.00")


def test_the_official_example_with_insurance_gives_117_23_and_taeg_1_31():
    insured = simulate(loan_input({**OFFICIAL, "insurance": {"basis": "initial", "annual_rate_pct": "0,1668"}}))
    assert insured.monthly_insurance == Decimal("4.17")
    assert insured.monthly_total == Decimal("117.23")
    assert insured.taeg_pct == Decimal("1.31")
    assert insured.total_insurance == Decimal("1251.00")
    assert insured.total_cost == Decimal("5169.52")


def test_insurance_on_the_remaining_capital_decreases_and_costs_less():
    initial = simulate(loan_input({**OFFICIAL, "insurance": {"basis": "initial", "annual_rate_pct": "0.3"}}))
    remaining = simulate(loan_input({**OFFICIAL, "insurance": {"basis": "remaining", "annual_rate_pct": "0.3"}}))
    assert remaining.schedule[0].insurance == initial.schedule[0].insurance == Decimal("7.50")
    assert remaining.schedule[-1].insurance < Decimal("0.10")
    assert remaining.total_insurance < initial.total_insurance


def test_a_deferral_charges_interest_only_then_amortises():
    result = simulate(loan_input({"principal": 100000, "annual_rate_pct": 3, "months": 324, "deferral_months": 24}))
    assert all(row.capital == 0 for row in result.schedule[:24])
    assert result.schedule[0].interest == Decimal("250.00")
    assert result.schedule[23].remaining == Decimal("100000.00")
    assert result.schedule[-1].remaining == 0


loans = st.builds(
    LoanInput,
    principal=st.decimals(min_value=1, max_value=2_000_000, places=2),
    annual_rate_pct=st.decimals(min_value=0, max_value=15, places=3),
    months=st.integers(min_value=1, max_value=420),
    insurance=st.one_of(
        st.none(),
        st.builds(
            Insurance,
            basis=st.sampled_from(["initial", "remaining"]),
            annual_rate_pct=st.decimals(min_value=0, max_value=2, places=3),
        ),
    ),
)


@settings(max_examples=150, deadline=None)
@given(loans)
def test_capital_parts_sum_to_the_principal_and_the_last_balance_is_zero(loan):
    result = simulate(loan)
    assert sum(row.capital for row in result.schedule) == loan.principal
    assert result.schedule[-1].remaining == 0
    assert all(row.remaining >= 0 for row in result.schedule)
    assert sum(row.interest for row in result.schedule) == result.total_interest
    assert result.total_cost == result.total_interest + result.total_insurance


@settings(max_examples=150, deadline=None)
@given(loans)
def test_the_taeg_is_at_least_the_nominal_rate(loan):
    result = simulate(loan)
    assert result.taeg >= loan.annual_rate_pct - Decimal("0.000001")
    assert result.taeg.is_finite()


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({**OFFICIAL, "principal": -5}, "principal", "Le montant emprunté : tapez un nombre d'au moins 1"),
        ({**OFFICIAL, "principal": "beaucoup"}, "principal", "tapez un nombre, par exemple 1 200,50"),
        ({**OFFICIAL, "principal": "NaN"}, "principal", "tapez un nombre"),
        ({**OFFICIAL, "principal": "1e400"}, "principal", "au plus 5"),
        ({**OFFICIAL, "annual_rate_pct": 45}, "annual_rate_pct", "Le taux nominal annuel : au plus 20"),
        ({**OFFICIAL, "months": "12,5"}, "months", "La durée : tapez un nombre entier"),
        ({**OFFICIAL, "months": 0}, "months", "d'au moins 1"),
        ({"annual_rate_pct": 1, "months": 3}, "principal", "Indiquez le montant emprunté"),
        ({**OFFICIAL, "insurance": {"basis": "viager", "annual_rate_pct": 1}}, "insurance_basis", "capital initial"),
        ({**OFFICIAL, "months": 24, "deferral_months": 30}, "deferral_months", "plus court que la durée"),
    ],
)
def test_bad_input_says_in_french_what_to_type(raw, field, message):
    with pytest.raises(LoanInputError, match=message) as caught:
        loan_input(raw)
    assert caught.value.field == field


def test_french_typed_numbers_are_read():
    loan = loan_input({"principal": "30 000,00 €", "annual_rate_pct": "1,0 %", "months": "300"})
    assert loan.principal == Decimal("30000.00")
    assert loan.annual_rate_pct == Decimal("1.0")


def test_the_debt_ratio_follows_the_hcsf_rule_with_the_figures():
    verdict = debt_ratio(
        monthly_income=Decimal(3000), existing_credits=Decimal(0), new_payment=Decimal(1050), months=300
    )
    assert verdict.ratio_ok
    assert verdict.duration_ok
    assert "35,0\u00a0%" in verdict.explanation[0]
    over = debt_ratio(
        monthly_income=Decimal(3000), existing_credits=Decimal(100), new_payment=Decimal(1000), months=324
    )
    assert not over.ratio_ok
    assert not over.duration_ok
    assert debt_ratio(
        monthly_income=Decimal(3000),
        existing_credits=Decimal(0),
        new_payment=Decimal(900),
        months=324,
        deferral_months=24,
    ).duration_ok


def test_borrowing_capacity_fills_35_percent_of_the_income():
    capacity = borrowing_capacity(
        monthly_income=Decimal(3000), existing_credits=Decimal(0), annual_rate_pct=Decimal("3.5"), months=300
    )
    assert capacity.max_monthly == Decimal("1050.00")
    assert capacity.result.monthly_total <= Decimal("1050.00")
    assert simulate(LoanInput(capacity.principal + 1, Decimal("3.5"), 300)).monthly_payment > Decimal("1050.00") - 1
    assert "209" in capacity.explanation
    none = borrowing_capacity(
        monthly_income=Decimal(1000), existing_credits=Decimal(400), annual_rate_pct=Decimal(3), months=240
    )
    assert none.principal == 0
    assert "déjà" in none.explanation


def test_a_combined_plan_caps_the_accession_loan_and_gives_the_monthly_total_by_period():
    part, notes = accession_input(Decimal(40000), 300, None)
    assert part.principal == Decimal(30000)
    assert notes
    plan = combined_plan([part, LoanInput(Decimal(150000), Decimal("3.5"), 240)], notes)
    assert [(p.first_month, p.last_month) for p in plan.periods] == [(1, 240), (241, 300)]
    assert plan.periods[1].monthly_total == Decimal("113.06")
    assert Decimal(1) < plan.taeg < Decimal("3.5")


def test_the_schedule_reads_as_a_sequence_of_rows_stored_by_column():
    result = simulate(loan_input({"principal": 1200, "annual_rate_pct": 0, "months": 12}))
    schedule = result.schedule
    assert len(schedule) == 12
    assert schedule[0] == (1, Decimal("100.00"), Decimal("0.00"), Decimal("100.00"), 0, Decimal("100.00"), 1100)
    assert schedule[-1].remaining == 0
    assert [row.month for row in schedule[10:]] == [11, 12]
    assert list(schedule)[3] == schedule[3]
    assert schedule.column("capital") == tuple(row.capital for row in schedule)
    assert schedule == tuple(schedule)
    again = simulate(loan_input({"principal": 1200, "annual_rate_pct": 0, "months": 12}))
    assert again == result
    assert hash(again.schedule) == hash(schedule)
    assert simulate(loan_input({"principal": 1200, "annual_rate_pct": 1, "months": 12})).schedule != schedule
