"""One entry point per simulator, shared by the pages and `manage.py simulate` (same code path): a raw dict of
inputs (JSON or a form's data) in, the rule module's result and its JSON shape out. Bad input raises
LoanInputError (or a subclass) with the field and a French message."""

import datetime as dt
from decimal import Decimal

from logis.rules import aids, housing_benefit, loan

KINDS = ("loan", "apl", "mobili-jeune", "loca-pass", "visale")


def simulate_loan(raw: dict, today: dt.date | None = None):
    result = loan.simulate(loan.loan_input(raw))
    return result, loan.result_as_dict(result)


def simulate_apl(raw: dict, today: dt.date | None = None):
    estimate = housing_benefit.estimate(housing_benefit.housing_benefit_input(raw))
    return estimate, estimate.as_dict()


def simulate_mobili_jeune(raw: dict, today: dt.date):
    result = aids.mobili_jeune(raw, today=today)
    return result, result.as_dict()


def simulate_loca_pass(raw: dict, today: dt.date):
    result = aids.loca_pass_schedule(raw, today=today)
    return result, result.as_dict()


def simulate_visale(raw: dict, today: dt.date):
    result = aids.visale(raw, today=today)
    return result, result.as_dict()


RUNNERS = {
    "loan": simulate_loan,
    "apl": simulate_apl,
    "mobili-jeune": simulate_mobili_jeune,
    "loca-pass": simulate_loca_pass,
    "visale": simulate_visale,
}


def run(kind: str, raw: dict, *, today: dt.date):
    return RUNNERS[kind](raw, today)


def json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"Not JSON serialisable: {type(value).__name__}")
