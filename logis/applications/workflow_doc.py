"""docs/workflow.md, written from the transition table and the registered effects (python manage.py workflow_doc).

Pure: stdlib only. The effects come in as data (`EffectDoc`, built by logis.applications.effects.effect_docs).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from logis.applications.workflow import (
    ACTIVE_STATES,
    CHANNEL_LABELS,
    HOLDS_THE_OFFER,
    MIN_CANDIDATES_PER_UNIT,
    PRIVATE_STATES,
    ROLE_LABELS,
    STATE_LABELS,
    SUBMIT,
    TERMINAL_STATES,
    TRANSITIONS,
    WAITS_FOR_THE_OFFER,
    Channel,
    Role,
    State,
)

DOC_PATH = "docs/workflow.md"

PHASE_LABELS = {"in_transaction": "in the transaction", "after_commit": "after commit"}


@dataclass(frozen=True)
class EffectDoc:
    name: str  # dotted path of the function
    phase: str  # "in_transaction" or "after_commit"
    summary: str
    fired_by: tuple[tuple[str, tuple[State | None, ...]], ...]  # (transition name, the sources it fires from)


def _fired_by(effect: EffectDoc) -> str:
    every = [(SUBMIT.name, (None,))] + [(t.name, tuple(s for s in State if s in t.sources)) for t in TRANSITIONS]
    if list(effect.fired_by) == every:
        return "every transition, and `submit`"
    parts = []
    for name, sources in effect.fired_by:
        table = SUBMIT if name == SUBMIT.name else next(t for t in TRANSITIONS if t.name == name)
        if None in sources or set(sources) == set(table.sources):
            parts.append(f"`{name}`")
        else:
            parts.append(f"`{name}` from " + ", ".join(f"`{s.value}`" for s in sources))
    return "; ".join(parts)


def _states(states) -> str:
    return ", ".join(f"`{s.value}`" for s in State if s in states)


def render_markdown(effects: Sequence[EffectDoc] = (), conditions: Sequence[tuple[str, str, str]] = ()) -> str:
    """`conditions`: (transition names, condition's dotted name, what must hold) for each registered condition."""
    lines = [
        "# Application workflow",
        "",
        "<!-- Generated from logis/applications/workflow.py by `python manage.py workflow_doc`: do not edit. -->",
        "",
        "An application (« candidature ») moves through these states. Only",
        "`logis.applications.services.application_transition` changes a state, after checking this table; each",
        "change writes a `TransitionLog` row and e-mails the applicant once the transaction commits",
        "(`notifications/email/application_<state>_*.txt`). `application_submit` creates the application in",
        f"`{State.SUBMITTED.value}` (log row from the empty state, transition `submit`).",
        "",
        "## States",
        "",
        "| State | Shown to people as | In progress | Final | Private letting |",
        "|---|---|---|---|---|",
    ]
    for state in State:
        in_progress = "yes" if state in ACTIVE_STATES else "no"
        final = "yes" if state in TERMINAL_STATES else "no"
        private = "yes" if state in PRIVATE_STATES else "no"
        lines.append(f"| `{state.value}` | {STATE_LABELS[state]} | {in_progress} | {final} | {private} |")
    lines += [
        "",
        "## Channels",
        "",
        "Each application carries its offer's channel; each transition says on which channels it applies.",
        "",
        "| Channel | Who lets the home |",
        "|---|---|",
    ]
    for channel in Channel:
        lines.append(f"| `{channel.value}` | {CHANNEL_LABELS[channel]} |")
    lines += [
        "",
        "A demand has at most one application in progress on a social offer (states " + _states(ACTIVE_STATES) + "):",
        "the database enforces it with the partial unique constraint `application_one_active_per_demand`. On",
        "private offers the applicant may follow several at once, each once",
        "(`application_one_active_per_private_offer`).",
        "",
        "## Transitions",
        "",
        "| Transition | Label | From | To | Who | Comment required | Channels |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        roles = ", ".join(f"`{r.value}`" for r in Role if r in t.roles)
        comment = "yes" if t.needs_comment else "no"
        channels = ", ".join(f"`{c.value}`" for c in Channel if c in t.channels)
        row = f"| `{t.name}` | {t.label} | {_states(t.sources)} | `{t.target.value}` | {roles} | {comment}"
        lines.append(f"{row} | {channels} |")
    lines += [
        "",
        "## What must hold before a transition",
        "",
        "Besides the table, the transition service asks the conditions that apps registered",
        "(`logis.applications.conditions.requires`, in each app's `effects.py`) before it writes anything; one that",
        "does not hold refuses the transition with its reason.",
        "",
        "| Transitions | Condition | What must hold |",
        "|---|---|---|",
    ]
    for names, name, summary in conditions:
        lines.append(f"| {names} | `{name}` | {summary} |")
    if not conditions:
        lines.append("| | (none registered) | |")
    lines += [
        "",
        "## What follows a transition",
        "",
        "Once the state and its log row are written, the transition service runs the effects that apps registered",
        "(`logis.applications.effects.on_transition`, in each app's `effects.py`), in this order. Effects",
        '"in the transaction" run inside the transition\'s transaction (an error undoes the transition); effects',
        '"after commit" run once it has committed, each in its own transaction (a failure is logged; the',
        "transition stays done). ADR 0008 says which effects belong where.",
        "",
        "| # | Effect | Runs | Fired by | What it does |",
        "|---|---|---|---|---|",
    ]
    for number, effect in enumerate(effects, start=1):
        lines.append(
            f"| {number} | `{effect.name}` | {PHASE_LABELS[effect.phase]} | {_fired_by(effect)} | {effect.summary} |"
        )
    if not effects:
        lines.append("| | (none registered) | | | |")
    lines += [
        "",
        f"A dwelling is held by the application in one of {_states(HOLDS_THE_OFFER)}; the applications waiting for it",
        f"are in {_states(WAITS_FOR_THE_OFFER)}.",
        "",
        "## Scheduled job",
        "",
        "`python manage.py expire_offers`, to run daily (safe to run twice): an offer left without an answer",
        "after its answer deadline expires (CCH R441-10). The deadline is stored on the move to",
        f"`{State.OFFER_MADE.value}` (`logis.rules.deadlines.answer_deadline`: at least ten days from the day after",
        "the offer, the landlord's longer delay if any, extended past Saturdays, Sundays and holidays); the answer",
        "is accepted until midnight of that day, Europe/Paris, so the job expires it from the next day on.",
        "A suspensive",
        "condition past its deadline ends in `not_attributed` (transition `condition_unmet`). Both pass the",
        "dwelling on. The delays live in `logis/rules/data/deadlines.toml` and",
        "`logis/applications/data/attribution.toml` with their sources; at",
        f"least {MIN_CANDIDATES_PER_UNIT} candidates are presented per dwelling unless the agent gives the legal",
        "reason (R441-3).",
    ]
    lines += [
        "",
        "## Roles",
        "",
        "| Role | Who holds it |",
        "|---|---|",
    ]
    for role in ROLE_LABELS:
        lines.append(f"| `{role.value}` | {ROLE_LABELS[role]} |")
    lines += ["", "## Diagram", "", "```mermaid", "stateDiagram-v2"]
    lines.append(f"    [*] --> {State.SUBMITTED.value}: submit")
    for t in TRANSITIONS:
        for source in State:
            if source in t.sources:
                lines.append(f"    {source.value} --> {t.target.value}: {t.name}")
    for state in State:
        if state in TERMINAL_STATES:
            lines.append(f"    {state.value} --> [*]")
    lines += ["```", ""]
    return "\n".join(lines)
