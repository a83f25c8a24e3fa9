"""The rules of buying a home of accession sociale (logis.rules.accession): ceilings, verdicts, vente HLM ranks."""

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from logis.offers.purchase_workflow import Role, TransitionNotAllowed, check_transition
from logis.rules import accession
from logis.rules.accession import BRS, PSLA, VENTE_HLM, Buyer, Home, buyer_verdict, ceiling
from logis.rules.data_files import read_toml

TODAY = dt.date(2026, 12, 1)


def home(kind=PSLA, zone="b1", priority_until=None):
    return Home(kind=kind, abc_zone=zone, price=Decimal("210000"), priority_until=priority_until)


def test_the_2024_grid_is_the_one_read_in_the_sources_and_a_bis_shares_zone_a():
    # afedim.fr's table; arcadevyvpromotion.fr: 3 persons in zone A, 73 630 €.
    assert ceiling("a", 3, 2024).amount == 73630
    assert ceiling("abis", 3, 2024).amount == 73630
    assert ceiling("b1", 1, 2024).amount == 37581
    assert ceiling("b2", 6, 2024).amount == ceiling("c", 6, 2024).amount == 83983
    assert ceiling("a", 3, 2024).status == "secondary"


def test_beyond_six_persons_each_one_adds_the_extra_amount():
    assert ceiling("a", 8, 2026).amount == 121650 + 2 * 13557
    assert ceiling("b2", 7, 2026).amount == 86806 + 9683


def test_the_derived_grids_are_the_previous_year_revalued_by_the_irl_as_the_file_says():
    grid = read_toml(accession.DATA_FILE)["grid"]
    for year, factor in (("2025", Decimal("1.0247")), ("2026", Decimal("1.0087"))):
        previous = grid[str(int(year) - 1)]
        assert grid[year]["status"] == "derived"
        for column in ("a", "b1", "b2c"):
            for key, value in previous[column].items():
                expected = int((Decimal(value) * factor).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
                assert grid[year][column][key] == expected, (year, column, key)


def test_a_year_takes_the_latest_grid_in_force():
    assert ceiling("a", 1, 2027).year == 2026
    assert ceiling("a", 1, 2025).year == 2025
    assert ceiling("a", 1, 2020).year == 2024  # before every grid: the earliest, never a crash


def test_psla_at_the_ceiling_is_eligible_one_euro_above_is_not_and_the_sentence_gives_the_figures():
    limit = ceiling("b1", 3, 2026).amount
    at = buyer_verdict(Buyer(3, limit, income_year=2024), home(), today=TODAY)
    assert at.eligible
    above = buyer_verdict(Buyer(3, limit + 1, income_year=2024), home(), today=TODAY)
    assert not above.eligible
    message = above.verdict.failures[0].message
    assert "69\u202f787\xa0€" in message
    assert "de 1\xa0€" in message
    assert "zone B1" in message
    assert "3 personnes" in message
    assert "valeur dérivée" in message
    assert above.verdict.failures[0].figures["plafond"] == limit
    assert any("dérivée" in note for note in above.notes)


def test_a_brs_verdict_reminds_the_patrimony_attestation_without_refusing():
    verdict = buyer_verdict(Buyer(2, 30000), home(BRS, "a"), today=TODAY)
    assert verdict.eligible
    assert [w.code for w in verdict.verdict.warnings] == ["brs_patrimony"]
    assert "attesterez sur l'honneur" in verdict.verdict.warnings[0].message


def test_vente_hlm_a_social_tenant_under_the_ceilings_is_a_priority_buyer_even_during_the_priority_period():
    verdict = buyer_verdict(
        Buyer(2, 30000, social_tenant=True), home(VENTE_HLM, priority_until=dt.date(2027, 1, 15)), today=TODAY
    )
    assert verdict.eligible
    assert verdict.priority
    assert verdict.rank == 1
    assert "prioritaire" in verdict.summary


def test_vente_hlm_during_the_priority_period_others_wait_and_are_told_until_when():
    verdict = buyer_verdict(Buyer(2, 30000), home(VENTE_HLM, priority_until=dt.date(2027, 1, 15)), today=TODAY)
    assert not verdict.eligible
    failure = verdict.verdict.failures[0]
    assert failure.code == "vente_hlm_priority_period"
    assert "15/01/2027" in failure.message
    assert "15/01/2027" in failure.remedy


def test_vente_hlm_after_the_priority_period_under_the_ceilings_is_first_rank_above_is_last_but_not_refused():
    under = buyer_verdict(Buyer(2, 30000), home(VENTE_HLM, priority_until=dt.date(2026, 11, 30)), today=TODAY)
    assert under.eligible
    assert under.rank == 1
    assert not under.priority
    above = buyer_verdict(Buyer(1, 90000), home(VENTE_HLM), today=TODAY)
    assert above.eligible
    assert above.rank == 3
    assert "dernier rang" in above.verdict.passes[0].message
    assert [w.code for w in above.verdict.warnings] == ["accession_income"]
    assert any("grille du PSLA" in note for note in above.notes)


def test_a_home_without_an_abc_zone_cannot_be_checked_and_says_so():
    verdict = buyer_verdict(Buyer(2, 30000), home(zone=""), today=TODAY)
    assert not verdict.eligible
    assert verdict.ceiling is None
    assert "zone ABC" in verdict.verdict.failures[0].message


def test_zones_within_ceilings_lists_the_zones_a_household_may_buy_in():
    income = ceiling("b2", 1, 2026).amount + 1  # above B2/C, under B1 and A
    assert accession.zones_within_ceilings(1, income, 2026) == ["abis", "a", "b1"]
    assert accession.zones_within_ceilings(1, 10**7, 2026) == []


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(accession.AccessionDataError):
        buyer_verdict(Buyer(1, 1), home(kind="LOCATION"), today=TODAY)


def test_the_purchase_interest_table_is_pure_and_lets_each_side_do_only_its_move():
    code = "import sys, logis.offers.purchase_workflow; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603
    assert check_transition("withdraw", "sent", Role.APPLICANT).target == "withdrawn"
    assert check_transition("answer", "sent", Role.LANDLORD).target == "answered"
    for name, state, role in (
        ("answer", "sent", Role.APPLICANT),
        ("withdraw", "sent", Role.LANDLORD),
        ("withdraw", "answered", Role.APPLICANT),
        ("answer", "withdrawn", Role.LANDLORD),
        ("accept", "sent", Role.APPLICANT),
    ):
        with pytest.raises(TransitionNotAllowed):
            check_transition(name, state, role)
