"""Every reference table the rules need on a given day, loaded once and passed to the checks as data."""

from dataclasses import dataclass
from datetime import date

from logis.rules.ceilings import CeilingTable, Programme, UnknownYear, table_in_force
from logis.rules.parameters import Parameters, load_parameters
from logis.rules.typology import TypologyPolicy, load_typology_policy
from logis.rules.zones import ZoneTables, load_zone_tables


@dataclass(frozen=True)
class RuleTables:
    social: CeilingTable
    intermediate: CeilingTable | None
    zones: ZoneTables
    typologies: TypologyPolicy
    parameters: Parameters

    @classmethod
    def in_force(cls, today: date) -> "RuleTables":
        """The tables in force on `today` (social ceilings required; intermediate ones when any exist)."""
        try:
            intermediate = table_in_force("intermediate", today)
        except UnknownYear:
            intermediate = None
        return cls(
            social=table_in_force("social", today),
            intermediate=intermediate,
            zones=load_zone_tables(),
            typologies=load_typology_policy(),
            parameters=load_parameters(),
        )

    def table_for(self, programme: Programme) -> CeilingTable | None:
        return self.social if Programme(programme).is_social else self.intermediate
