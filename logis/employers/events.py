"""Events of the employers' space that other apps follow (registered in their own effects.py)."""

import dataclasses
import datetime as dt

from logis.core.effects import Effects


@dataclasses.dataclass(frozen=True)
class AgreementRequested:
    """A request for agreement has just been routed to an employer's HR (not to the advisors)."""

    agreement: object  # logis.employers.models.Agreement
    now: dt.datetime


agreement_requested = Effects(
    "employers.agreement_requested", "A request for agreement goes to an employer's HR (logis.employers.events)."
)
