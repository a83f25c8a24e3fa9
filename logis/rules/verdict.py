"""The self-explaining result of a check: which rules passed, which failed, with the figures used.

Every `Check` carries a stable `code` (for programs), a French sentence (for people) and the figures it
used (for audits and APIs). A `Verdict` is eligible when no check failed; warnings never change that.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Check:
    """One rule applied to one case."""

    code: str
    passed: bool
    message: str
    figures: Mapping[str, object] = field(default_factory=dict, hash=False)
    # A failed check's smallest change that would alter it, in words for the applicant (« why not me? »), or "".
    remedy: str = ""

    def __post_init__(self):
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))


# Names used by callers that only handle one side of a verdict.
Failure = Check
Pass = Check


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    failures: tuple[Check, ...] = ()
    passes: tuple[Check, ...] = ()
    warnings: tuple[Check, ...] = ()

    def __post_init__(self):
        if self.eligible == bool(self.failures):
            raise ValueError("A verdict is eligible exactly when it has no failure.")
        if any(check.passed for check in self.failures) or not all(check.passed for check in self.passes):
            raise ValueError("Failures must be failed checks and passes passed checks.")

    @classmethod
    def from_checks(cls, checks: Iterable[Check], warnings: Iterable[Check] = ()) -> "Verdict":
        checks = tuple(checks)
        failures = tuple(check for check in checks if not check.passed)
        passes = tuple(check for check in checks if check.passed)
        return cls(eligible=not failures, failures=failures, passes=passes, warnings=tuple(warnings))

    def merge(self, *others: "Verdict") -> "Verdict":
        """One verdict from several (platform + offer, for instance)."""
        verdicts = (self, *others)
        return Verdict.from_checks(
            [check for verdict in verdicts for check in (*verdict.failures, *verdict.passes)],
            warnings=[check for verdict in verdicts for check in verdict.warnings],
        )

    @property
    def failure_codes(self) -> frozenset[str]:
        return frozenset(check.code for check in self.failures)

    @property
    def checks(self) -> tuple[Check, ...]:
        return (*self.failures, *self.passes)

    def check(self, code: str) -> Check | None:
        """The check of that code, failed or passed (None when it was not applied)."""
        return next((check for check in self.checks if check.code == code), None)
