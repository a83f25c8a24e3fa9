"""The housing benefit computed by openfisca-france (a test dependency only), for the same situations as our
estimator's inputs, in one vectorised simulation per month (loading the tax-benefit system takes seconds)."""

import datetime as dt
import functools
from collections import defaultdict


@functools.cache
def _system():
    from openfisca_france import FranceTaxBenefitSystem

    return FranceTaxBenefitSystem()


def _month(day: dt.date, offset: int) -> str:
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _situation(cases) -> dict:
    """Each case is (HousingBenefitInput, double_activity). Salaries are spread evenly over the months M-13 … M
    (the CAF reads the rolling year M-13 … M-2; the person still works in M-1 and M).

    Facts openfisca would otherwise compute from data the estimator does not ask:
    - `rsa` = 0 in M-1: the estimator covers people who do not receive the RSA (whose resources are neutralised);
    - `aide_logement_biactivite`: openfisca compares the salary of the month itself with 12 BMAF, so it never
      applies for a monthly period, while the regulation reads each member's income over the reference period, as
      the estimator does: the test passes that fact instead of letting openfisca compute it.
    """
    individus, familles, foyers, menages = {}, {}, {}, {}
    for number, (data, double_activity) in enumerate(cases):
        month = data.month.strftime("%Y-%m")
        months = [_month(data.month, offset) for offset in range(-13, 1)]
        parents = []
        for index, salary in enumerate(data.annual_taxable_salaries):
            key = f"c{number}a{index}"
            parents.append(key)
            individus[key] = {
                "date_naissance": {"ETERNITY": "1985-06-15"},
                "salaire_imposable": {m: float(salary) / 12 for m in months},
            }
        kids = []
        for index in range(data.dependants):
            key = f"c{number}e{index}"
            kids.append(key)
            individus[key] = {"date_naissance": {"ETERNITY": "2016-03-01"}}
        familles[f"f{number}"] = {
            "parents": parents,
            "enfants": kids,
            "aide_logement_biactivite": {month: double_activity},
            "rsa": {_month(data.month, -1): 0},
        }
        foyers[f"ff{number}"] = {"declarants": parents, "personnes_a_charge": kids}
        menages[f"m{number}"] = {
            "personne_de_reference": parents[:1],
            "conjoint": parents[1:],
            "enfants": kids,
            "depcom": {month: data.commune},
            "loyer": {month: float(data.rent)},
            "statut_occupation_logement": {month: "locataire_hlm" if data.housing == "social" else "locataire_vide"},
        }
    return {"individus": individus, "familles": familles, "foyers_fiscaux": foyers, "menages": menages}


def openfisca_amounts(cases) -> list[float]:
    """aide_logement_montant of openfisca-france for each (HousingBenefitInput, double_activity), in order."""
    from openfisca_core.simulation_builder import SimulationBuilder

    by_month = defaultdict(list)
    for position, case in enumerate(cases):
        by_month[case[0].month].append((position, case))
    amounts = [0.0] * len(cases)
    for month, entries in by_month.items():
        simulation = SimulationBuilder().build_from_entities(_system(), _situation([case for _, case in entries]))
        values = simulation.calculate("aide_logement_montant", month.strftime("%Y-%m"))
        for (position, _), value in zip(entries, values, strict=True):
            amounts[position] = float(value)
    return amounts
