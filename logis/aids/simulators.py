"""One entry point per simulator, shared by the pages and `manage.py simulate` (same code path): a raw dict of
inputs (JSON or a form's data) in, the rule module's result and its JSON shape out. Bad input raises
LoanInputError (or a subclass) with the field and a French message."""

import datetime as dt
from decimal import Decimal

from logis.rules import aids, housing_benefit, loan

KINDS = ("loan", "apl", "mobili-jeune", "loca-pass", "visale")


def _loan(raw: dict, today: dt.date):
    return loan.simulate(loan.loan_input(raw))


def _apl(raw: dict, today: dt.date):
    return housing_benefit.estimate(housing_benefit.housing_benefit_input(raw))


def _mobili_jeune(raw: dict, today: dt.date):
    return aids.mobili_jeune(raw, today=today)


def _loca_pass(raw: dict, today: dt.date):
    return aids.loca_pass_schedule(raw, today=today)


def _visale(raw: dict, today: dt.date):
    return aids.visale(raw, today=today)


RUNNERS = {"loan": _loan, "apl": _apl, "mobili-jeune": _mobili_jeune, "loca-pass": _loca_pass, "visale": _visale}
PAYLOADS = {"loan": loan.result_as_dict}


def result(kind: str, raw: dict, *, today: dt.date):
    """The rule module's result (what the pages show)."""
    return RUNNERS[kind](raw, today)


def payload(kind: str, computed) -> dict:
    """The JSON shape of a result (what `manage.py simulate` prints)."""
    return PAYLOADS[kind](computed) if kind in PAYLOADS else computed.as_dict()


def run(kind: str, raw: dict, *, today: dt.date):
    computed = result(kind, raw, today=today)
    return computed, payload(kind, computed)


def json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"Not JSON serialisable: {type(value).__name__}")
