from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logis.rules.ceilings import Programme
from logis.rules.household import Household, Person, Relation
from logis.rules.income import TaxHousehold
from logis.rules.offer import Candidate, LandlordPolicy, OfferFacts, check_offer, units_of_consumption
from logis.rules.tables import RuleTables
from logis.rules.verdict import Verdict

TODAY = date(2026, 3, 15)
TABLES = RuleTables.in_force(TODAY)
NNBSP, NBSP = "\u202f", "\u00a0"
PARIS = "Paris et communes limitrophes"

FAMILY = Household(
    people=(
        Person(date(1985, 5, 1), Relation.APPLICANT),
        Person(date(1986, 6, 1), Relation.SPOUSE),
        Person(date(2016, 2, 1), Relation.CHILD, is_dependant=True),
    )
)
CANDIDATE = Candidate(household=FAMILY, tax_households=(TaxHousehold(45000),), monthly_resources=Decimal("3000"))
OFFER = OfferFacts(financing=Programme.PLUS, insee="78646", typology="T3", rent=Decimal("720"), charges=Decimal("130"))


def test_household_under_the_ceiling_with_suitable_offer_is_eligible():
    verdict = check_offer(CANDIDATE, OFFER, tables=TABLES, today=TODAY)
    assert verdict.eligible
    assert [check.code for check in verdict.passes] == [
        "income_ceiling",
        "typology",
        "effort_rate",
        "reste_a_vivre",
        "accessibility",
    ]


def test_income_over_the_ceiling_fails_with_a_sentence_giving_both_figures():
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(52300),))
    verdict = check_offer(candidate, OFFER, tables=TABLES, today=TODAY)
    assert not verdict.eligible
    assert verdict.failure_codes == {"income_ceiling"}
    failure = verdict.failures[0]
    assert failure.message == (
        f"Revenu fiscal de référence 2024 : 52{NNBSP}300{NBSP}€ — plafond PLUS 2026, Île-de-France hors Paris et "
        f"communes limitrophes, catégorie 3 : 48{NNBSP}362{NBSP}€ : les ressources dépassent le plafond de "
        f"3{NNBSP}938{NBSP}€."
    )
    assert failure.figures["income"] == 52300
    assert failure.figures["ceiling"] == 48362
    assert failure.figures["category"] == 3
    assert "arrêté du 19 décembre 2025" in failure.figures["ceiling_source"].lower()


def test_income_equal_to_the_ceiling_passes():
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(48362),))
    assert check_offer(candidate, OFFER, tables=TABLES, today=TODAY).eligible
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(48363),))
    assert not check_offer(candidate, OFFER, tables=TABLES, today=TODAY).eligible


@pytest.mark.parametrize(
    ("financing", "insee", "income", "eligible", "figure"),
    [
        (Programme.PLAI, "75056", 31642, True, f"PLAI 2026, {PARIS}, catégorie 3 : 31{NNBSP}642"),
        (Programme.PLAI, "75056", 31643, False, "plafond PLAI 2026"),
        (Programme.PLS, "69123", 48859, True, f"PLS 2026, autres régions, catégorie 3 : 48{NNBSP}859"),
        (Programme.PLS, "69123", 48860, False, "plafond PLS 2026"),
        (Programme.PLUS, "92012", 52740, True, f"PLUS 2026, {PARIS}, catégorie 3 : 52{NNBSP}740"),
    ],
)
def test_ceiling_depends_on_the_financing_and_the_zone_of_the_offer(financing, insee, income, eligible, figure):
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(income),))
    verdict = check_offer(candidate, replace(OFFER, financing=financing, insee=insee), tables=TABLES, today=TODAY)
    assert verdict.eligible is eligible
    assert figure in verdict.check("income_ceiling").message


def test_intermediate_offer_uses_the_abc_zone_and_the_latest_table_with_a_warning():
    offer = replace(OFFER, financing=Programme.LLI, insee="69123")  # Lyon: zone A
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(78963),))
    verdict = check_offer(candidate, offer, tables=TABLES, today=TODAY)
    assert verdict.eligible
    message = verdict.check("income_ceiling").message
    assert (
        f"plafond logement intermédiaire (LLI) 2025, zone A, personne seule ou couple ayant 1 personne à charge : "
        f"78{NNBSP}963{NBSP}€" in message
    )
    # The 2025 intermediate ceilings are read in secondary sources only: the applicant sees that note too.
    assert [warning.code for warning in verdict.warnings] == ["ceiling_year", "ceiling_secondary"]
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(78964),))
    assert check_offer(candidate, offer, tables=TABLES, today=TODAY).failure_codes == {"income_ceiling"}


def test_intermediate_offer_ignores_the_n1_exception():
    offer = replace(OFFER, financing=Programme.LLI, insee="69123")
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(90000, 60000),))
    assert not check_offer(candidate, offer, tables=TABLES, today=TODAY).eligible
    social = replace(CANDIDATE, tax_households=(TaxHousehold(52000, 46000),))  # N-1 lower by 11.5 %
    verdict = check_offer(social, OFFER, tables=TABLES, today=TODAY)
    assert verdict.eligible
    assert verdict.check("income_ceiling").message.startswith("Revenu fiscal de référence 2025 (retenu car")


def test_offer_in_an_unknown_commune_fails_the_intermediate_ceiling_with_a_clear_message():
    offer = replace(OFFER, financing=Programme.LLI, insee="01999")
    verdict = check_offer(CANDIDATE, offer, tables=TABLES, today=TODAY)
    assert "income_ceiling" in verdict.failure_codes
    assert "absente du zonage ABC" in verdict.check("income_ceiling").message


def test_without_intermediate_table_intermediate_offers_cannot_be_checked():
    tables = replace(TABLES, intermediate=None)
    verdict = check_offer(CANDIDATE, replace(OFFER, financing=Programme.LLI), tables=tables, today=TODAY)
    assert "Aucun plafond de ressources logement intermédiaire" in verdict.check("income_ceiling").message


def test_derived_ceiling_adds_a_warning():
    verdict = check_offer(CANDIDATE, replace(OFFER, financing=Programme.PLAI), tables=TABLES, today=TODAY)
    assert "ceiling_derived" in {warning.code for warning in verdict.warnings}
    assert verdict.check("income_ceiling").figures["ceiling_source"].count("valeur dérivée") == 1


@pytest.mark.parametrize(
    ("typology", "eligible"), [("T1", False), ("T2", True), ("T3", True), ("T4", True), ("T5", False)]
)
def test_typology_must_suit_the_household_size(typology, eligible):
    verdict = check_offer(CANDIDATE, replace(OFFER, typology=typology), tables=TABLES, today=TODAY)
    assert ("typology" not in verdict.failure_codes) is eligible
    if not eligible:
        assert verdict.check("typology").message == (
            f"Typologie {typology} : ne convient pas à un ménage de 3 personnes (typologies retenues par la "
            "plateforme : T2, T3, T4)."
        )


def test_taux_d_effort_over_the_landlord_maximum_fails_with_the_formula():
    candidate = replace(CANDIDATE, monthly_resources=Decimal("2063"))
    verdict = check_offer(candidate, OFFER, tables=TABLES, today=TODAY)
    assert "effort_rate" in verdict.failure_codes
    assert verdict.check("effort_rate").message == (
        f"Taux d'effort : 41,2{NBSP}% — (loyer principal 720{NBSP}€ + loyer des annexes 0{NBSP}€ + charges "
        f"récupérables 130{NBSP}€ + contribution aux travaux d'économie d'énergie 0{NBSP}€ + forfait eau/chauffage "
        f"individuels (sans objet) 0{NBSP}€ − aide au logement (non estimée) 0{NBSP}€) ÷ ressources mensuelles du "
        f"foyer 2{NNBSP}063{NBSP}€ ; aucune estimation d'aide au logement n'est disponible pour ce ménage : 0{NBSP}€ "
        "retenu, le taux réel sera plus bas si le ménage y a droit ; maximum retenu : 33" + NBSP + "% : le loyer est "
        "trop élevé pour les ressources."
    )


def test_taux_d_effort_at_exactly_the_maximum_passes_and_one_cent_more_fails():
    offer = replace(OFFER, rent=Decimal("860"), charges=Decimal("130"))  # 990 = 33 % of 3 000
    assert "effort_rate" not in check_offer(CANDIDATE, offer, tables=TABLES, today=TODAY).failure_codes
    offer = replace(offer, charges=Decimal("130.01"))
    assert "effort_rate" in check_offer(CANDIDATE, offer, tables=TABLES, today=TODAY).failure_codes


def test_taux_d_effort_threshold_is_the_landlord_s_and_housing_benefit_lowers_the_cost():
    candidate = replace(CANDIDATE, monthly_resources=Decimal("2063"))
    strict = LandlordPolicy(max_effort_rate=Decimal("0.25"), min_reste_a_vivre_per_uc=Decimal(0))
    lenient = LandlordPolicy(max_effort_rate=Decimal("0.45"), min_reste_a_vivre_per_uc=Decimal(0))
    assert "effort_rate" not in check_offer(candidate, OFFER, tables=TABLES, today=TODAY, policy=lenient).failure_codes
    verdict = check_offer(candidate, OFFER, tables=TABLES, today=TODAY, housing_benefit=Decimal("250"))
    assert "effort_rate" not in verdict.failure_codes  # (850 − 250) / 2 063 = 29.1 %
    assert f"aide au logement estimée 250{NBSP}€" in verdict.check("effort_rate").message
    assert (
        "effort_rate"
        in check_offer(
            candidate, OFFER, tables=TABLES, today=TODAY, policy=strict, housing_benefit=Decimal("250")
        ).failure_codes
    )


def test_taux_d_effort_without_resources_fails():
    candidate = replace(CANDIDATE, monthly_resources=Decimal("0"))
    assert "non calculable" in check_offer(candidate, OFFER, tables=TABLES, today=TODAY).check("effort_rate").message


def test_units_of_consumption_follow_the_oecd_convention():
    people = (
        Person(date(1980, 1, 1), Relation.APPLICANT),
        Person(date(1980, 1, 1), Relation.SPOUSE),
        Person(date(2012, 3, 15), Relation.CHILD, is_dependant=True),  # 14 today
        Person(date(2012, 3, 16), Relation.CHILD, is_dependant=True),  # 13 today
    )
    assert units_of_consumption(Household(people=people), TODAY) == Decimal("2.3")


def test_reste_a_vivre_under_the_landlord_floor_fails_with_the_figures():
    policy = LandlordPolicy(max_effort_rate=Decimal("0.5"), min_reste_a_vivre_per_uc=Decimal("1200"))
    verdict = check_offer(CANDIDATE, OFFER, tables=TABLES, today=TODAY, policy=policy)
    # 3 000 − 850 = 2 150 € for 1 + 0.5 + 0.3 = 1.8 UC → 1 194 € per UC < 1 200 €.
    assert verdict.failure_codes == {"reste_a_vivre"}
    assert verdict.check("reste_a_vivre").message == (
        f"Reste à vivre : 1{NNBSP}194{NBSP}€ par mois et par unité de consommation (2{NNBSP}150{NBSP}€ ÷ 1,8 UC) ; "
        f"minimum retenu : 1{NNBSP}200{NBSP}€ : le reste à vivre est insuffisant."
    )
    policy = replace(policy, min_reste_a_vivre_per_uc=Decimal("1194"))
    assert check_offer(CANDIDATE, OFFER, tables=TABLES, today=TODAY, policy=policy).eligible


def test_household_needing_accessibility_is_only_eligible_to_accessible_offers():
    candidate = replace(CANDIDATE, needs_accessibility=True)
    verdict = check_offer(candidate, OFFER, tables=TABLES, today=TODAY)
    assert verdict.failure_codes == {"accessibility"}
    assert check_offer(candidate, replace(OFFER, is_accessible=True), tables=TABLES, today=TODAY).eligible


def test_landlord_policy_refuses_rates_outside_0_to_1_or_too_precise():
    with pytest.raises(ValueError, match="taux d'effort"):
        LandlordPolicy(max_effort_rate=Decimal("1.5"), min_reste_a_vivre_per_uc=Decimal(0))
    with pytest.raises(ValueError, match="taux d'effort"):
        LandlordPolicy(max_effort_rate=Decimal("0.33333"), min_reste_a_vivre_per_uc=Decimal(0))
    assert LandlordPolicy.default().max_effort_rate == Decimal("0.33")


def test_verdict_is_eligible_exactly_without_failures():
    verdict = check_offer(replace(CANDIDATE, needs_accessibility=True), OFFER, tables=TABLES, today=TODAY)
    with pytest.raises(ValueError, match="eligible exactly when"):
        Verdict(eligible=True, failures=verdict.failures, passes=verdict.passes)
    merged = verdict.merge(check_offer(CANDIDATE, OFFER, tables=TABLES, today=TODAY))
    assert not merged.eligible
    assert merged.failure_codes == {"accessibility"}


# ---- properties -------------------------------------------------------------------------------------------

people = st.builds(
    Person,
    birth_date=st.dates(min_value=date(1950, 1, 1), max_value=TODAY),
    relation=st.sampled_from([Relation.CHILD, Relation.OTHER]),
    is_dependant=st.booleans(),
    has_disability=st.booleans(),
)


@st.composite
def candidates(draw):
    applicant = Person(draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2006, 1, 1))), Relation.APPLICANT)
    household = Household(people=(applicant, *draw(st.lists(people, max_size=7))))
    return Candidate(
        household=household,
        tax_households=(TaxHousehold(draw(st.integers(0, 150_000)), draw(st.none() | st.integers(0, 150_000))),),
        monthly_resources=Decimal(draw(st.integers(0, 10_000))),
        needs_accessibility=draw(st.booleans()),
    )


offers = st.builds(
    OfferFacts,
    financing=st.sampled_from(list(Programme)),
    insee=st.sampled_from(["75056", "92012", "78646", "69123", "38185", "01001", "13055"]),
    typology=st.sampled_from(["T1", "T2", "T3", "T4", "T5", "T6"]),
    rent=st.integers(100, 2000).map(Decimal),
    charges=st.integers(0, 400).map(Decimal),
    is_accessible=st.booleans(),
)


@settings(database=None, max_examples=200)
@given(candidates(), offers, st.integers(1, 100_000))
def test_more_income_never_turns_an_ineligible_household_eligible(candidate, offer, raise_by):
    before = check_offer(candidate, offer, tables=TABLES, today=TODAY)
    richer = replace(
        candidate,
        tax_households=tuple(
            TaxHousehold(tax.rfr_n2 + raise_by, None if tax.rfr_n1 is None else tax.rfr_n1 + raise_by)
            for tax in candidate.tax_households
        ),
    )
    after = check_offer(richer, offer, tables=TABLES, today=TODAY)
    if not before.eligible:
        assert not after.eligible
    assert before.failure_codes <= after.failure_codes


@settings(database=None, max_examples=200)
@given(candidates(), people, st.sampled_from(list(Programme)), st.sampled_from(["75056", "78646", "69123", "01001"]))
def test_a_larger_household_never_gets_a_lower_ceiling(candidate, newcomer, financing, insee):
    offer = replace(OFFER, financing=financing, insee=insee)
    larger = replace(candidate, household=Household(people=(*candidate.household.people, newcomer)))
    before = check_offer(candidate, offer, tables=TABLES, today=TODAY).check("income_ceiling").figures["ceiling"]
    after = check_offer(larger, offer, tables=TABLES, today=TODAY).check("income_ceiling").figures["ceiling"]
    assert after >= before


def test_why_not_me_gives_the_smallest_change_for_each_failed_rule():
    # Income: 52 300 € over the PLUS ceiling of category 3 in IdF (48 362 €), under the PLS one (62 871 €).
    candidate = replace(CANDIDATE, tax_households=(TaxHousehold(52300),), monthly_resources=Decimal("2063"))
    verdict = check_offer(candidate, OFFER, tables=TABLES, today=TODAY)
    income = verdict.check("income_ceiling")
    assert "un logement financé en PLS vous serait accessible (plafond PLS 2026" in income.remedy
    assert "si vos revenus 2025 ont baissé d'au moins 10" in income.remedy
    assert "seuls vos revenus comptent, avec la pièce qui le prouve" in income.remedy
    # Taux d'effort: 850 € for 2 063 € at 33 %: at most 680,79 € of housing cost, or 2 575,76 € of resources.
    effort = verdict.check("effort_rate")
    assert f"d'au plus 680,79{NBSP}€" in effort.remedy
    assert f"d'au moins 2{NNBSP}575,76{NBSP}€" in effort.remedy
    assert "une aide au logement (APL) réduirait ce coût" in effort.remedy
    typology = check_offer(CANDIDATE, replace(OFFER, typology="T5"), tables=TABLES, today=TODAY).check("typology")
    assert typology.remedy == "un logement T2 ou T3 ou T4 convient à votre foyer de 3 personnes."
    assert all(check.remedy == "" for check in verdict.passes)
