from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logis.rules.formatting import euros, euros_cents, number, percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (48362, "48\u202f362\u00a0€"),
        (0, "0\u00a0€"),
        (999, "999\u00a0€"),
        (1000000, "1\u202f000\u202f000\u00a0€"),
        (Decimal("720.50"), "720,50\u00a0€"),
        (Decimal("720.00"), "720\u00a0€"),
        (-3938, "-3\u202f938\u00a0€"),
    ],
)
def test_euros_use_french_separators(value, text):
    assert euros(value) == text


def test_numbers_round_half_up_without_negative_zero():
    assert number(Decimal("-0.4")) == "0"
    assert number(Decimal("2.25"), 1) == "2,3"
    assert euros(Decimal("1194.5"), 0) == "1\u202f195\u00a0€"


@pytest.mark.parametrize(
    ("rate", "decimals", "text"),
    [
        (Decimal("0.33"), None, "33\u00a0%"),
        (Decimal("0.335"), None, "33,5\u00a0%"),
        (Decimal("0.283333"), 1, "28,3\u00a0%"),
        (0.3, None, "30\u00a0%"),
    ],
)
def test_percent(rate, decimals, text):
    assert percent(rate, decimals) == text


@given(st.integers(0, 6).flatmap(lambda places: st.decimals(-10_000_000, 10_000_000, places=places)))
def test_euros_cents_is_euros_to_the_cent(value):
    assert euros_cents(value) == euros(value, 2)


def test_euros_cents_writes_no_minus_zero():
    assert euros_cents(Decimal("-0.001")) == "0,00\u00a0€"
    assert euros_cents(Decimal("29911.94")) == "29\u202f911,94\u00a0€"
