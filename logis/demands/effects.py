"""What follows the demands' use cases in other apps: registries they run, which other apps register on.

`information_saved` runs when « Les informations » are saved (`demand_update_information`), with an
`InformationSaved` event. The employers app requests the employer's agreement there (logis/employers/effects.py).
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
