"""Which typologies suit a household size: PLATFORM POLICY, not law (data/typology_by_household.toml).

No regulation fixes the typology of a dwelling by household size for attribution; the default table keeps the
dwelling neither overcrowded nor under-occupied and is meant to be edited by the operator or per landlord.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from logis.rules.data_files import RulesDataError, read_toml

TYPOLOGY_FILE = "typology_by_household.toml"
TYPOLOGIES = ("T1", "T2", "T3", "T4", "T5", "T6")


@dataclass(frozen=True)
class TypologyPolicy:
    """{household size: acceptable typologies}; sizes above the largest key use the largest key's row."""

    sizes: Mapping[int, tuple[str, ...]]
    version: str = ""

    def __post_init__(self):
        if not self.sizes or min(self.sizes) != 1 or sorted(self.sizes) != list(range(1, max(self.sizes) + 1)):
            raise RulesDataError("La table des typologies doit couvrir les tailles de ménage 1, 2, 3… sans trou.")
        for typologies in self.sizes.values():
            if not typologies or not set(typologies) <= set(TYPOLOGIES):
                raise RulesDataError(f"Typologies inconnues : {typologies}")
        object.__setattr__(self, "sizes", MappingProxyType(dict(self.sizes)))

    @property
    def max_size(self) -> int:
        return max(self.sizes)

    def acceptable(self, household_size: int) -> tuple[str, ...]:
        if household_size < 1:
            raise ValueError("Un ménage compte au moins une personne.")
        return self.sizes[min(household_size, self.max_size)]

    def suits(self, household_size: int, typology: str) -> bool:
        return typology in self.acceptable(household_size)


@functools.cache
def load_typology_policy() -> TypologyPolicy:
    data = read_toml(TYPOLOGY_FILE)
    return TypologyPolicy(
        sizes={int(size): tuple(typologies) for size, typologies in data["sizes"].items()},
        version=data.get("version", ""),
    )
