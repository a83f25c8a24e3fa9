import pytest

from logis.rules.income import TaxHousehold, reference_income


def test_reference_income_sums_the_n2_income_of_every_tax_household():
    income = reference_income([TaxHousehold(30000), TaxHousehold(12300)], year=2026)
    assert (income.amount, income.income_year, income.basis) == (42300, 2024, "N-2")
    assert income.label == "Revenu fiscal de référence 2024 : 42\u202f300\u00a0€"


@pytest.mark.parametrize(
    ("n2", "n1", "basis", "amount"),
    [
        (50000, 45000, "N-1", 45000),  # exactly 10 % lower
        (50000, 45001, "N-2", 50000),  # 9.998 % lower
        (50000, 30000, "N-1", 30000),
        (50000, 52000, "N-2", 50000),  # higher
        (0, 0, "N-2", 0),  # no decrease from nothing
    ],
)
def test_n1_income_replaces_n2_when_lower_by_at_least_10_percent(n2, n1, basis, amount):
    income = reference_income([TaxHousehold(n2, n1)], year=2026)
    assert (income.basis, income.amount) == (basis, amount)
    assert income.income_year == (2025 if basis == "N-1" else 2024)


def test_n1_label_says_why_the_more_recent_income_is_used():
    label = reference_income([TaxHousehold(50000, 40000)], year=2026).label
    assert label.startswith(
        "Revenu fiscal de référence 2025 (retenu car inférieur d'au moins 10\u00a0% à celui de 2024"
    )
    assert label.endswith(": 40\u202f000\u00a0€")


def test_n1_exception_compares_household_totals_and_needs_every_n1_figure():
    # One tax household drops by 50 %, the other rises: the total drops by 12.5 %.
    income = reference_income([TaxHousehold(40000, 20000), TaxHousehold(40000, 50000)], year=2026)
    assert (income.basis, income.amount) == ("N-1", 70000)
    # Without the N-1 figure of the second tax household, N-2 stays.
    income = reference_income([TaxHousehold(40000, 20000), TaxHousehold(40000)], year=2026)
    assert (income.basis, income.amount) == ("N-2", 80000)


def test_tables_without_the_n1_exception_keep_n2():
    income = reference_income([TaxHousehold(50000, 10000)], year=2026, n1_exception=False)
    assert (income.basis, income.amount) == ("N-2", 50000)


def test_reference_income_needs_an_avis_and_refuses_negative_income():
    with pytest.raises(ValueError, match="avis"):
        reference_income([], year=2026)
    with pytest.raises(ValueError, match="négatif"):
        TaxHousehold(-1)
