from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logis.rules.household import (
    Household,
    Person,
    Relation,
    age_on,
    household_category,
    intermediate_line,
    is_jeune_menage,
)

TODAY = date(2026, 3, 15)


def born(age: int) -> date:
    """A birth date giving `age` completed years on TODAY."""
    return date(TODAY.year - age, 1, 10)


def applicant(age=40, disabled=False):
    return Person(born(age), Relation.APPLICANT, has_disability=disabled)


def spouse(age=40, disabled=False):
    return Person(born(age), Relation.SPOUSE, has_disability=disabled)


def child(age=8, disabled=False):
    return Person(born(age), Relation.CHILD, is_dependant=True, has_disability=disabled)


def adult(age=45, relation=Relation.CO_APPLICANT):
    return Person(born(age), relation)


def household(*people):
    return Household(people=tuple(people))


@pytest.mark.parametrize(
    ("people", "category", "extra"),
    [
        pytest.param((applicant(),), 1, 0, id="one person alone"),
        pytest.param((applicant(40), spouse(40)), 2, 0, id="couple aged 80 in total, not a jeune menage"),
        pytest.param((applicant(), adult()), 2, 0, id="two adults, no dependant"),
        pytest.param((applicant(), spouse(), child()), 3, 0, id="three persons"),
        pytest.param((applicant(), child()), 3, 0, id="one person + 1 dependant"),
        pytest.param((applicant(), spouse(), child(), child()), 4, 0, id="four persons"),
        pytest.param((applicant(), child(), child()), 4, 0, id="one person + 2 dependants"),
        pytest.param((applicant(), spouse(), child(), child(), child()), 5, 0, id="five persons"),
        pytest.param((applicant(), child(), child(), child()), 5, 0, id="one person + 3 dependants"),
        pytest.param((applicant(), spouse(), *[child()] * 4), 6, 0, id="six persons"),
        pytest.param((applicant(), *[child()] * 4), 6, 0, id="one person + 4 dependants"),
        pytest.param((applicant(), spouse(), *[child()] * 5), 6, 1, id="seven persons"),
        pytest.param((applicant(), *[child()] * 5), 6, 1, id="one person + 5 dependants"),
        pytest.param((applicant(), spouse(), *[child()] * 7), 6, 3, id="nine persons"),
        pytest.param((applicant(), adult(), child()), 3, 0, id="one person + adult + dependant is three persons"),
    ],
)
def test_category_follows_the_persons_and_dependants_of_the_arrete_of_1987(people, category, extra):
    result = household_category(household(*people), TODAY)
    assert (result.category, result.extra_persons) == (category, extra)


@pytest.mark.parametrize(
    ("ages", "jeune_menage"),
    [((27, 28), True), ((30, 25), True), ((28, 28), False), ((50, 20), False), ((18, 18), True)],
)
def test_couple_whose_ages_sum_to_55_or_less_is_a_jeune_menage_in_category_3(ages, jeune_menage):
    couple = household(applicant(ages[0]), spouse(ages[1]))
    assert is_jeune_menage(couple, TODAY) is jeune_menage
    result = household_category(couple, TODAY)
    assert result.category == (3 if jeune_menage else 2)
    if jeune_menage:
        assert "jeune ménage sans personne à charge" in result.reasons


def test_age_sum_uses_completed_years_on_the_day_of_the_check():
    # 27 + 28 = 55 today; the day after the younger one's birthday it is 56.
    first, second = Person(date(1999, 3, 15), Relation.APPLICANT), Person(date(1997, 3, 16), Relation.SPOUSE)
    couple = household(first, second)
    assert age_on(first.birth_date, TODAY) == 27
    assert age_on(second.birth_date, TODAY) == 28
    assert household_category(couple, TODAY).category == 3
    assert household_category(couple, date(2026, 3, 16)).category == 2


def test_jeune_menage_requires_a_couple_without_dependant():
    young_couple_with_child = household(applicant(25), spouse(25), child(1))
    assert not is_jeune_menage(young_couple_with_child, TODAY)
    assert household_category(young_couple_with_child, TODAY).category == 3  # three persons anyway
    two_young_flatmates = household(applicant(25), adult(25))
    assert not is_jeune_menage(two_young_flatmates, TODAY)
    assert household_category(two_young_flatmates, TODAY).category == 2


@pytest.mark.parametrize(
    ("people", "category", "extra"),
    [
        pytest.param((applicant(disabled=True),), 2, 0, id="one person alone with a disability"),
        pytest.param((applicant(), spouse(disabled=True)), 3, 0, id="two persons incl. a disabled one"),
        pytest.param((applicant(), spouse(), child(disabled=True)), 4, 0, id="three persons incl. a disabled one"),
        pytest.param((applicant(), spouse(), child(), child(disabled=True)), 5, 0, id="four incl. disabled"),
        pytest.param((applicant(), spouse(), *[child()] * 2, child(disabled=True)), 6, 0, id="five incl. disabled"),
        pytest.param((applicant(), spouse(), *[child()] * 3, child(disabled=True)), 6, 1, id="six incl. disabled"),
        pytest.param((applicant(disabled=True), spouse(disabled=True)), 3, 0, id="two disabled: one uplift only"),
        pytest.param((applicant(disabled=True), child()), 3, 0, id="disabled single parent: rules do not add up"),
        pytest.param((applicant(25, disabled=True), spouse(25)), 3, 0, id="disabled jeune menage"),
    ],
)
def test_disability_moves_the_household_one_category_up(people, category, extra):
    result = household_category(household(*people), TODAY)
    assert (result.category, result.extra_persons) == (category, extra)


def test_category_label_names_extra_persons():
    assert household_category(household(applicant(), child()), TODAY).label == "catégorie 3"
    big = household(applicant(), spouse(), *[child()] * 6)
    assert household_category(big, TODAY).label == "catégorie 6 + 2 personnes supplémentaires"


@pytest.mark.parametrize(
    ("people", "line", "extra"),
    [
        pytest.param((applicant(),), 1, 0, id="personne seule"),
        pytest.param((applicant(25), spouse(25)), 2, 0, id="couple (no jeune menage rule)"),
        pytest.param((applicant(disabled=True),), 1, 0, id="no disability rule"),
        pytest.param((applicant(), child()), 3, 0, id="single + 1 dependant"),
        pytest.param((applicant(), spouse(), child()), 3, 0, id="couple + 1 dependant"),
        pytest.param((applicant(), spouse(), *[child()] * 4), 6, 0, id="couple + 4 dependants"),
        pytest.param((applicant(), spouse(), *[child()] * 6), 6, 2, id="couple + 6 dependants"),
        pytest.param((applicant(), adult()), 3, 0, id="two adults not a couple count one as dependant"),
    ],
)
def test_intermediate_line_counts_dependants_of_a_person_alone_or_a_couple(people, line, extra):
    result = intermediate_line(household(*people))
    assert (result.line, result.extra_dependants) == (line, extra)


def test_household_refuses_inconsistent_compositions():
    with pytest.raises(ValueError, match="applicant"):
        Household(people=(spouse(),))
    with pytest.raises(ValueError, match="at most one spouse"):
        household(applicant(), spouse(), spouse())
    with pytest.raises(ValueError, match="dependant"):
        household(applicant(), Person(born(30), Relation.SPOUSE, is_dependant=True))
    with pytest.raises(ValueError, match="at least one person"):
        Household(people=())


# ---- properties -------------------------------------------------------------------------------------------

others = st.builds(
    Person,
    birth_date=st.dates(min_value=date(1940, 1, 1), max_value=TODAY),
    relation=st.sampled_from([Relation.CHILD, Relation.PARENT, Relation.OTHER, Relation.CO_APPLICANT]),
    is_dependant=st.booleans(),
    has_disability=st.booleans(),
)


@st.composite
def households(draw):
    first = Person(
        draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2008, 1, 1))),
        Relation.APPLICANT,
        has_disability=draw(st.booleans()),
    )
    people = [first]
    if draw(st.booleans()):
        people.append(
            Person(
                draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2008, 1, 1))),
                Relation.SPOUSE,
                has_disability=draw(st.booleans()),
            )
        )
    people.extend(draw(st.lists(others, max_size=8)))
    return Household(people=tuple(people))


@settings(database=None)
@given(households())
def test_disability_uplift_never_lowers_the_category(base):
    before = household_category(base, TODAY)
    for index, person in enumerate(base.people):
        people = list(base.people)
        people[index] = replace(person, has_disability=True)
        after = household_category(Household(people=tuple(people)), TODAY)
        assert after.equivalent_persons >= before.equivalent_persons
        assert (after.category, after.extra_persons) >= (before.category, before.extra_persons)


@settings(database=None)
@given(households(), others)
def test_one_more_person_never_lowers_the_category(base, newcomer):
    before = household_category(base, TODAY)
    after = household_category(Household(people=(*base.people, newcomer)), TODAY)
    assert after.equivalent_persons >= before.equivalent_persons
    assert intermediate_line(Household(people=(*base.people, newcomer))).line >= intermediate_line(base).line


@settings(database=None)
@given(households())
def test_category_stays_between_1_and_6_with_extra_persons_beyond(value):
    result = household_category(value, TODAY)
    assert 1 <= result.category <= 6
    assert result.extra_persons == max(result.equivalent_persons - 6, 0)
    assert result.equivalent_persons in (value.size, value.size + 1, 3)
