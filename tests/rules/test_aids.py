"""Aids: the catalogue's data, the LOCA-PASS schedule, Mobili-Jeune and Visale with their figures."""

import datetime as dt
from decimal import Decimal

import pytest

from logis.rules.aids import AidInputError, load_catalogue, loca_pass_schedule, mobili_jeune, visale
from logis.rules.loan import LoanInputError

TODAY = dt.date(2026, 12, 1)


def test_the_catalogue_has_the_open_and_the_ended_aids_with_sources():
    catalogue = load_catalogue()
    assert {"avance_loca_pass", "garantie_visale", "mobili_jeune", "pret_accession", "pret_agrandissement"} <= set(
        catalogue.codes
    )
    ended = {aid.code: aid for aid in catalogue.aids if aid.status == "closed"}
    assert set(ended) == {"mobili_pass", "mon_job_mon_logement", "garantie_loca_pass"}
    assert ended["mobili_pass"].status_since == "2023-06-30"
    assert all(aid.sources for aid in catalogue.aids)
    assert catalogue.get("pret_agrandissement").needs_employer_agreement
    assert "non trouvé" in catalogue.get("pret_agrandissement").how_much


def test_loca_pass_repays_from_the_third_month_in_25_instalments_at_most():
    schedule = loca_pass_schedule(
        {"deposit": "900", "payment_date": "2026-12-10", "move_in_date": "2026-11-15"}, today=TODAY
    )
    assert schedule.months == 25
    assert schedule.monthly == Decimal("36.00")
    assert schedule.instalments[0].month == dt.date(2027, 3, 1)
    assert sum(i.amount for i in schedule.instalments) == Decimal(900)
    assert schedule.request_deadline == dt.date(2027, 1, 15)


def test_loca_pass_is_capped_and_keeps_20_euros_a_month():
    capped = loca_pass_schedule({"deposit": 1800}, today=TODAY)
    assert capped.amount == Decimal(1200)
    assert "plafonnée" in capped.explanation[1]
    small = loca_pass_schedule({"deposit": 250}, today=TODAY)
    assert small.monthly == Decimal(20)
    assert small.months == 13
    assert small.instalments[-1].amount == Decimal(10)
    short = loca_pass_schedule({"deposit": 1200, "lease_months": 12}, today=TODAY)
    assert short.months == 12
    assert short.monthly == Decimal(100)


def test_loca_pass_rejects_a_negative_deposit_in_french():
    with pytest.raises(LoanInputError, match="dépôt de garantie : tapez un nombre d'au moins 1"):
        loca_pass_schedule({"deposit": -3}, today=TODAY)


APPRENTICE = {
    "age": 22,
    "contract": "apprentissage",
    "sector": "prive",
    "monthly_gross_salary": 1200,
    "rent": 450,
    "housing_benefit": 200,
    "distance_km": 120,
    "contract_start": "2026-09-01",
}


def test_mobili_jeune_pays_rent_minus_housing_benefit_capped_at_100():
    result = mobili_jeune(APPRENTICE, today=TODAY)
    assert result.eligible
    assert result.monthly_amount == Decimal(100)
    assert result.months == 11
    assert result.window_start == dt.date(2026, 6, 1)
    assert result.window_end == dt.date(2027, 2, 1)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"age": 31}, "moins de 30 ans"),
        ({"contract": "autre"}, "apprentissage et de professionnalisation"),
        ({"monthly_gross_salary": 2500}, "120 % du SMIC"),
        ({"distance_km": 10}, "70 km"),
        ({"contract_start": "2026-01-01"}, "au plus tard le 01/06/2026"),
        ({"rent": 205}, "sous le minimum de 10"),
    ],
)
def test_mobili_jeune_says_why_not_with_the_figures(change, reason):
    result = mobili_jeune({**APPRENTICE, **change}, today=TODAY)
    assert not result.eligible
    assert any(reason in text for text in result.reasons)


def test_visale_2026_caps_by_zone_and_age():
    young = visale(
        {"age": 24, "status": "salarie", "monthly_net_income": 3000, "rent_with_charges": 1900, "zone": "I"},
        today=TODAY,
    )
    assert young.eligible
    assert young.rent_cap == Decimal(1940)
    over_cap = visale({"age": 24, "status": "salarie", "rent_with_charges": 1400, "zone": "III"}, today=TODAY)
    assert not over_cap.eligible
    assert "1\u202f365" in over_cap.reasons[0]
    student = visale({"age": 20, "status": "etudiant", "rent_with_charges": 900, "commune": "75056"}, today=TODAY)
    assert student.zone == "I"
    assert student.rent_cap == Decimal(1000)
    assert student.eligible
    older = visale(
        {
            "age": 40,
            "status": "salarie",
            "sector": "prive",
            "monthly_net_income": 1800,
            "rent_with_charges": 800,
            "zone": "II",
        },
        today=TODAY,
    )
    assert not older.eligible
    hired = visale(
        {
            "age": 40,
            "status": "salarie",
            "sector": "prive",
            "monthly_net_income": 1800,
            "situation": "nouvel_embauche",
            "rent_with_charges": 800,
            "zone": "II",
        },
        today=TODAY,
    )
    assert hired.eligible
    signed = visale(
        {"age": 24, "status": "salarie", "rent_with_charges": 800, "zone": "II", "lease_signed": True}, today=TODAY
    )
    assert not signed.eligible
    assert "avant la signature" in signed.reasons[0]


def test_visale_asks_the_zone_outside_ile_de_france_corse_and_overseas():
    with pytest.raises(AidInputError, match="agglomération de plus de 100 000 habitants"):
        visale({"age": 24, "status": "salarie", "rent_with_charges": 800, "commune": "69123"}, today=TODAY)
    assert (
        visale({"age": 24, "status": "salarie", "rent_with_charges": 800, "commune": "2A004"}, today=TODAY).zone
        == "II"
    )
