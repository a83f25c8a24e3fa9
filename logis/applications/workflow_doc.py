"""docs/workflow.md, written from the transition table (python manage.py workflow_doc). Pure: stdlib only."""

from logis.applications.workflow import (
    ACTIVE_STATES,
    HOLDS_THE_OFFER,
    MIN_CANDIDATES_PER_UNIT,
    ROLE_LABELS,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    WAITS_FOR_THE_OFFER,
    Role,
    State,
)

DOC_PATH = "docs/workflow.md"


def _states(states) -> str:
    return ", ".join(f"`{s.value}`" for s in State if s in states)


def render_markdown() -> str:
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
        "| State | Shown to people as | In progress | Final |",
        "|---|---|---|---|",
    ]
    for state in State:
        in_progress = "yes" if state in ACTIVE_STATES else "no"
        final = "yes" if state in TERMINAL_STATES else "no"
        lines.append(f"| `{state.value}` | {STATE_LABELS[state]} | {in_progress} | {final} |")
    lines += [
        "",
        "A demand has at most one application in progress (states " + _states(ACTIVE_STATES) + "): the database",
        "enforces it with the partial unique constraint `application_one_active_per_demand`.",
        "",
        "## Transitions",
        "",
        "| Transition | Label | From | To | Who | Comment required |",
        "|---|---|---|---|---|---|",
    ]
    for t in TRANSITIONS:
        roles = ", ".join(f"`{r.value}`" for r in Role if r in t.roles)
        comment = "yes" if t.needs_comment else "no"
        lines.append(f"| `{t.name}` | {t.label} | {_states(t.sources)} | `{t.target.value}` | {roles} | {comment} |")
    holds = _states(HOLDS_THE_OFFER)
    waits = _states(WAITS_FOR_THE_OFFER)
    lines += [
        "",
        "## What follows a transition",
        "",
        f"- Leaving a state that holds the dwelling ({holds}) for a final state other than",
        f"  `{State.LEASE_SIGNED.value}` offers the dwelling to the next candidate ranked by the CALEOL (transition",
        "  `make_offer`, role `system`).",
        f"- `{State.LEASE_SIGNED.value}` closes the offer, marks the demand as attributed in the register",
        f"  (`logis.registry.api.mark_attributed`) and lapses the other applications waiting for it ({waits}).",
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
