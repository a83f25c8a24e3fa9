"""What follows the demands' use cases in other apps: registries they run, which other apps register on.

`information_saved` runs when « Les informations » are saved (`demand_update_information`), with an
`InformationSaved` event. The employers app requests the employer's agreement there (logis/employers/effects.py).

`income_exception_declared` runs, inside the transaction, when the applicant declares (or withdraws) a situation
in which only their own income counts (`demand_declare_income_exception`), with an `IncomeExceptionDeclared`
event. The documents app checks there whether the file already holds the piece that proves the situation
(logis/documents/effects.py).
"""

import dataclasses
import datetime as dt

from logis.core.effects import Effects
from logis.demands.models import Demand


@dataclasses.dataclass(frozen=True)
class InformationSaved:
    demand: Demand
    now: dt.datetime


information_saved = Effects(
    "demands.information_saved", "What follows « Les informations » saved by the applicant (logis.demands.effects)."
)


@dataclasses.dataclass(frozen=True)
class IncomeExceptionDeclared:
    demand: Demand
    now: dt.datetime


income_exception_declared = Effects(
    "demands.income_exception_declared",
    "What follows a situation on the resources declared by the applicant (logis.demands.effects).",
)
