"""The rules of a private letting: deposit, agency fees, intermediate rent cap, energy class, professional card."""

import datetime as dt
from decimal import Decimal

import pytest

from logis.rules import private_letting as rules

TODAY = dt.date(2026, 12, 1)


def offer(**overrides) -> rules.PrivateOffer:
    values = {
        "lessor": rules.Lessor.AGENCY,
        "rent_regime": rules.RentRegime.FREE,
        "furnished": False,
        "rent": Decimal("800"),
        "surface": Decimal("50"),
        "deposit": Decimal("800"),
        "tenant_fees": Decimal("400"),
        "inventory_fee": Decimal("150"),
        "landlord_fees": None,
        "energy_class": "D",
        "abc_zone": "b2",
        "departement": "26",
    }
    values.update(overrides)
    return rules.PrivateOffer(**values)


def fields(problems) -> list[str]:
    return [problem.field for problem in problems]


def test_an_offer_within_every_cap_may_be_let():
    assert rules.check_offer(offer(), today=TODAY) == []


def test_the_deposit_of_an_unfurnished_home_is_one_month_of_rent_at_most():
    problems = rules.check_offer(offer(deposit=Decimal("800.01")), today=TODAY)
    assert fields(problems) == ["deposit"]
    assert "1 mois de loyer hors charges" in problems[0].message
    assert "800\u00a0€" in problems[0].message


def test_a_furnished_home_takes_two_months_of_deposit_and_not_more():
    assert rules.check_offer(offer(furnished=True, deposit=Decimal("1600")), today=TODAY) == []
    problems = rules.check_offer(offer(furnished=True, deposit=Decimal("1600.01")), today=TODAY)
    assert fields(problems) == ["deposit"]
    assert "meublé" in problems[0].message


@pytest.mark.parametrize(
    ("abc_zone", "per_m2", "derived"),
    [
        ("abis", Decimal("12"), False),
        ("a", Decimal("10"), True),
        ("b1", Decimal("10"), True),
        ("c", Decimal("8"), True),
    ],
)
def test_the_fee_cap_per_square_metre_follows_the_zone(abc_zone, per_m2, derived):
    caps = rules.fee_caps(abc_zone=abc_zone, surface=50)
    assert (caps.per_m2, caps.visit_file_lease, caps.inventory) == (per_m2, per_m2 * 50, Decimal("150"))
    # The zone tendue is approximated by zones A and B1 (no copy of the décret's list): the page says so.
    assert caps.derived is (abc_zone != "abis")


def test_fees_above_the_cap_of_the_zone_are_refused_with_the_cap():
    problems = rules.check_offer(offer(tenant_fees=Decimal("400.01"), inventory_fee=Decimal("151")), today=TODAY)
    assert fields(problems) == ["tenant_fees", "inventory_fee"]
    assert "8\u00a0€/m²" in problems[0].message
    assert "400\u00a0€" in problems[0].message
    assert "3\u00a0€/m²" in problems[1].message


def test_the_tenant_never_pays_more_fees_than_the_landlord():
    problems = rules.check_offer(offer(landlord_fees=Decimal("500")), today=TODAY)
    assert fields(problems) == ["tenant_fees"]
    assert rules.check_offer(offer(landlord_fees=Decimal("550")), today=TODAY) == []


def test_a_private_owner_letting_without_an_intermediary_charges_no_fee():
    problems = rules.check_offer(offer(lessor=rules.Lessor.PRIVATE_OWNER), today=TODAY)
    assert fields(problems) == ["tenant_fees"]
    assert "0\u00a0€" in problems[0].message
    assert (
        rules.check_offer(
            offer(lessor=rules.Lessor.PRIVATE_OWNER, tenant_fees=Decimal(0), inventory_fee=Decimal(0)), today=TODAY
        )
        == []
    )


def test_an_intermediate_rent_above_the_cap_of_its_zone_is_refused():
    home = offer(rent_regime=rules.RentRegime.INTERMEDIATE, abc_zone="abis", departement="75", surface=Decimal("50"))
    cap = rules.intermediate_rent_cap(home, TODAY)
    # 19,50 €/m² × 50 m² × (0,7 + 19/50 = 1,08) (intermediate_2025.toml, the latest table)
    assert cap.amount == Decimal("1053.00")
    assert rules.check_offer(home.__class__(**{**home.__dict__, "rent": Decimal("1053")}), today=TODAY) == []
    problems = rules.check_offer(
        home.__class__(**{**home.__dict__, "rent": Decimal("1053.01"), "deposit": Decimal("1000")}), today=TODAY
    )
    assert fields(problems) == ["rent"]
    assert "1\u202f053,00\u00a0€" in problems[0].message


def test_a_free_rent_has_no_cap():
    assert rules.check_offer(offer(rent=Decimal("5000"), deposit=Decimal("5000")), today=TODAY) == []


def test_an_intermediate_rent_without_a_known_zone_cannot_be_checked_and_is_refused():
    problems = rules.check_offer(offer(rent_regime=rules.RentRegime.INTERMEDIATE, abc_zone=""), today=TODAY)
    assert fields(problems) == ["rent_regime"]


def test_a_g_class_home_may_not_be_let_in_metropolitan_france_since_2025():
    assert rules.check_offer(offer(energy_class="G"), today=dt.date(2024, 12, 31)) == []
    problems = rules.check_offer(offer(energy_class="G"), today=dt.date(2025, 1, 1))
    assert fields(problems) == ["energy_class"]
    assert rules.check_offer(offer(energy_class="F"), today=TODAY) == []
    assert fields(rules.check_offer(offer(energy_class="F"), today=dt.date(2028, 1, 1))) == ["energy_class"]


def test_overseas_the_g_class_ban_starts_in_2028():
    assert rules.check_offer(offer(energy_class="G", departement="974"), today=TODAY) == []
    assert fields(rules.check_offer(offer(energy_class="G", departement="974"), today=dt.date(2028, 1, 1))) == [
        "energy_class"
    ]


@pytest.mark.parametrize("typed", ["CPI 1310 2017 000 020 086", "cpi13102017000020086", "CPI-1310-2017-000.020.086"])
def test_a_professional_card_is_written_as_the_cci_prints_it(typed):
    assert rules.clean_professional_card(typed, today=TODAY) == "CPI 1310 2017 000 020 086"


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("T 1234", "CPI"),
        ("CPI 1310 2017 000 020 08", "17 chiffres"),
        ("CPI 1310 2009 000 020 086", "depuis 2015"),
        ("CPI 1310 2031 000 020 086", "« 2031 »"),
    ],
)
def test_a_fake_professional_card_is_refused_with_what_to_fix(typed, match):
    with pytest.raises(rules.InvalidCard, match=match):
        rules.clean_professional_card(typed, today=TODAY)
