"""The exceptions the texts give on resources: only the applicant's own income after a divorce, the end of a PACS,
a widowhood or violence within the couple (with the piece); a child in alternating custody counts in both homes."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from logis.rules.ceilings import Programme
from logis.rules.household import Household, Person, Relation, household_category
from logis.rules.income import IncomeException, OwnIncome, TaxHousehold, reference_income
from logis.rules.offer import Candidate, OfferFacts, check_offer
from logis.rules.tables import RuleTables

NNBSP, NBSP = "\u202f", "\u00a0"
TODAY = date(2026, 3, 15)
TABLES = RuleTables.in_force(TODAY)
# The couple's joint avis 2024 (RFR 2024 = 41 000 €); the applicant's own share is 19 000 €.
JOINT = (TaxHousehold(41000),)
ALONE_WITH_CHILD = Household(
    people=(
        Person(date(1988, 4, 1), Relation.APPLICANT),
        Person(date(2016, 9, 1), Relation.CHILD, is_dependant=True),
    )
)


@pytest.mark.parametrize(
    ("exception", "words"),
    [
        (IncomeException.DIVORCE, "divorce en cours ou prononcé"),
        (IncomeException.PACS_END, "fin du PACS"),
        (IncomeException.WIDOWHOOD, "veuvage"),
        (IncomeException.DOMESTIC_VIOLENCE, "violences au sein du couple"),
    ],
)
def test_with_its_piece_only_the_applicant_s_own_income_counts(exception, words):
    own = OwnIncome(exception, rfr_n2=19000, proven=True)
    income = reference_income(JOINT, year=2026, own_income=own)
    assert income.amount == 19000
    assert income.exception_applied
    assert income.rule == f"revenus du seul demandeur ({words})"
    assert f"revenus du seul demandeur : {words}, pièce fournie" in income.label


def test_without_its_piece_the_whole_household_counts_and_the_label_names_the_piece():
    own = OwnIncome(IncomeException.DOMESTIC_VIOLENCE, rfr_n2=19000, proven=False)
    income = reference_income(JOINT, year=2026, own_income=own)
    assert income.amount == 41000
    assert not income.exception_applied
    assert "le récépissé de dépôt de plainte ou l'ordonnance de protection" in income.label


def test_the_n1_rule_applies_to_the_own_income_too():
    own = OwnIncome(IncomeException.DIVORCE, rfr_n2=20000, rfr_n1=15000, proven=True)
    income = reference_income(JOINT, year=2026, own_income=own)
    assert (income.amount, income.basis) == (15000, "N-1")


def test_the_verdict_says_which_rule_applied():
    # PLUS 2026 autres régions, category 3 (one person + 1 dependant): 37 584 €. The joint 41 000 € is over it;
    # the applicant's own 19 000 € is under it once the divorce is proven.
    candidate = Candidate(ALONE_WITH_CHILD, JOINT, Decimal(2500))
    offer = OfferFacts(Programme.PLUS, "69123", "T3", Decimal(500), Decimal(80))
    assert "income_ceiling" in check_offer(candidate, offer, tables=TABLES, today=TODAY).failure_codes
    proven = replace(candidate, own_income=OwnIncome(IncomeException.DIVORCE, rfr_n2=19000, proven=True))
    check = check_offer(proven, offer, tables=TABLES, today=TODAY).check("income_ceiling")
    assert check.passed
    assert check.figures["income_rule"] == "revenus du seul demandeur (divorce en cours ou prononcé)"
    assert f"19{NNBSP}000{NBSP}€, revenus du seul demandeur : divorce en cours ou prononcé" in check.message


def test_a_child_in_alternating_custody_counts_in_the_household_of_each_parent():
    # Arrêté du 29 juillet 1987, art. 1: « l'enfant de parents séparés placé en garde alternée est considéré comme
    # vivant au foyer de l'un et de l'autre parent ». Each parent alone with the child: one person + 1 dependant.
    child = Person(date(2016, 9, 1), Relation.CHILD, is_dependant=True, alternating_custody=True)
    mother = Household(people=(Person(date(1988, 4, 1), Relation.APPLICANT), child))
    father = Household(people=(Person(date(1986, 1, 1), Relation.APPLICANT), child))
    for parent in (mother, father):
        category = household_category(parent, TODAY)
        assert category.category == 3
        assert "garde alternée" in category.custody_note
    candidate = Candidate(mother, (TaxHousehold(20000),), Decimal(2500))
    offer = OfferFacts(Programme.PLUS, "69123", "T3", Decimal(500), Decimal(80))
    check = check_offer(candidate, offer, tables=TABLES, today=TODAY).check("income_ceiling")
    assert "dont 1 enfant en garde alternée, compté au foyer de chacun des parents" in check.message
    assert check.figures["category"] == 3
