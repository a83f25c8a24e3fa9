"""The answer delay of R441-10 counted as articles 641 and 642 of the Code de procédure civile count it."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logis.rules.deadlines import answer_days, answer_deadline, easter_sunday, is_working_day, public_holidays

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)),
     (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22)), (1961, D(1961, 4, 2))],
)  # fmt: skip
def test_easter_sunday_matches_the_published_dates(year, easter):
    assert easter_sunday(year) == easter


def test_the_eleven_holidays_of_the_code_du_travail_in_2026():
    assert public_holidays(2026) == {
        D(2026, 1, 1): "Jour de l'an",
        D(2026, 4, 6): "Lundi de Pâques",
        D(2026, 5, 1): "Fête du travail",
        D(2026, 5, 8): "Victoire 1945",
        D(2026, 5, 14): "Ascension",
        D(2026, 5, 25): "Lundi de Pentecôte",
        D(2026, 7, 14): "Fête nationale",
        D(2026, 8, 15): "Assomption",
        D(2026, 11, 1): "Toussaint",
        D(2026, 11, 11): "Armistice 1918",
        D(2026, 12, 25): "Noël",
    }


@pytest.mark.parametrize("departement", ["57", "67", "68"])
def test_alsace_moselle_adds_good_friday_and_26_december(departement):
    local = public_holidays(2026, departement)
    assert len(local) == 13
    assert local[D(2026, 4, 3)] == "Vendredi saint"
    assert local[D(2026, 12, 26)] == "Saint-Étienne"
    assert D(2026, 4, 3) not in public_holidays(2026, "75")


@pytest.mark.parametrize(
    ("departement", "day"),
    [("976", D(2026, 4, 27)), ("972", D(2026, 5, 22)), ("971", D(2026, 5, 27)), ("978", D(2026, 5, 27)),
     ("973", D(2026, 6, 10)), ("977", D(2026, 10, 9)), ("974", D(2026, 12, 20))],
)  # fmt: skip
def test_overseas_the_abolition_of_slavery_on_the_dates_of_the_code_du_travail(departement, day):
    # Code du travail, article L3422-2: « 1° Le 27 avril à Mayotte ; 2° Le 22 mai en Martinique ; 3° Le 27 mai en
    # Guadeloupe et à Saint-Martin ; 4° Le 10 juin en Guyane ; 5° Le 9 octobre à Saint-Barthélemy ; 6° Le
    # 20 décembre à La Réunion ».
    assert public_holidays(2026, departement)[day] == "Abolition de l'esclavage"
    assert day not in public_holidays(2026, "75")


def test_overseas_days_off_by_usage_extend_a_delay_too():
    # Article 642 CPC: « un jour férié ou chômé ». Good Friday in 971, 972, 973; 21 July in 971 and 972; 28 May in
    # Saint-Martin. Notified Tuesday 11 July 2028: day 10 is Friday 21 July, a day off in Martinique → Monday 24 July;
    # in La Réunion it is a working day.
    assert public_holidays(2026, "973")[D(2026, 4, 3)] == "Vendredi saint"
    assert D(2026, 7, 21) in public_holidays(2026, "971")
    assert D(2026, 7, 21) not in public_holidays(2026, "973")
    assert D(2026, 5, 28) in public_holidays(2026, "978")
    assert answer_deadline(D(2028, 7, 11), departement="972") == D(2028, 7, 24)
    assert answer_deadline(D(2028, 7, 11), departement="974") == D(2028, 7, 21)


def test_the_day_of_the_notification_does_not_count():
    # Notified on Monday 1 December 2025: day 1 is the 2nd, day 10 Thursday 11 December.
    assert answer_deadline(D(2025, 12, 1)) == D(2025, 12, 11)


def test_a_delay_ending_on_a_saturday_runs_to_the_monday():
    assert answer_deadline(D(2025, 12, 3)) == D(2025, 12, 15)  # 13th is a Saturday
    assert answer_deadline(D(2025, 12, 4)) == D(2025, 12, 15)  # 14th is a Sunday


def test_a_delay_ending_on_a_holiday_runs_to_the_next_working_day():
    # 1 May 2026 is a Friday: the delay of an offer notified on 21 April runs to Monday 4 May.
    assert answer_deadline(D(2026, 4, 21)) == D(2026, 5, 4)
    # Christmas 2025 is a Thursday: Friday 26 elsewhere, but in Moselle the 26th is a holiday too.
    assert answer_deadline(D(2025, 12, 15)) == D(2025, 12, 26)
    assert answer_deadline(D(2025, 12, 15), departement="57") == D(2025, 12, 29)


def test_good_friday_then_easter_monday_in_moselle():
    # Notified on 24 March 2026, day 10 is Good Friday 3 April: Paris answers that day, Strasbourg on Tuesday 7
    # (Saturday, Sunday, Easter Monday in between).
    assert answer_deadline(D(2026, 3, 24), departement="75") == D(2026, 4, 3)
    assert answer_deadline(D(2026, 3, 24), departement="67") == D(2026, 4, 7)


def test_a_landlord_may_give_more_days_never_fewer():
    assert answer_deadline(D(2025, 12, 1), days=15) == D(2025, 12, 16)
    with pytest.raises(ValueError, match="ne peut être inférieur à 10 jours"):
        answer_deadline(D(2025, 12, 1), days=9)
    assert answer_days(None) == 10
    assert answer_days(7) == 10
    assert answer_days(21) == 21


def test_a_datetime_is_refused_so_no_one_counts_in_hours_again():
    with pytest.raises(TypeError, match="date de notification"):
        answer_deadline(dt.datetime(2025, 12, 1, 15, 0))  # noqa: DTZ001


notified = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
delays = st.integers(min_value=10, max_value=60)
departements = st.sampled_from([None, "75", "13", "57", "67", "68", "2A", "971", "972", "973", "974", "976", "978"])


@given(notified=notified, days=delays, departement=departements)
def test_never_before_the_last_day_of_the_delay(notified, days, departement):
    assert answer_deadline(notified, days=days, departement=departement) >= notified + dt.timedelta(days=days)


@given(notified=notified, days=delays, departement=departements)
def test_never_on_a_saturday_a_sunday_or_a_holiday(notified, days, departement):
    last = answer_deadline(notified, days=days, departement=departement)
    assert last.weekday() < 5
    assert last not in public_holidays(last.year, departement)
    assert last not in public_holidays(last.year)  # the national ones hold everywhere


@given(notified=notified, days=delays, departement=departements)
def test_extended_only_over_days_that_are_not_worked(notified, days, departement):
    last = answer_deadline(notified, days=days, departement=departement)
    day = notified + dt.timedelta(days=days)
    while day < last:
        assert not is_working_day(day, departement)
        day += dt.timedelta(days=1)


@given(first=notified, gap=st.integers(min_value=0, max_value=400), days=delays, departement=departements)
def test_monotonic_in_the_notification_date(first, gap, days, departement):
    later = first + dt.timedelta(days=gap)
    assert answer_deadline(first, days=days, departement=departement) <= answer_deadline(
        later, days=days, departement=departement
    )


@given(notified=notified, days=delays)
def test_monotonic_in_the_number_of_days(notified, days):
    assert answer_deadline(notified, days=days) <= answer_deadline(notified, days=days + 1)
