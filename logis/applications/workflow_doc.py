"""docs/workflow.md, written from the transition table (python manage.py workflow_doc). Pure: stdlib only."""

from logis.applications.workflow import (
    ACTIVE_STATES,
    ROLE_LABELS,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
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
    lines += [
        "",
        "## Roles",
        "",
        "| Role | Who holds it |",
        "|---|---|",
    ]
    for role in Role:
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
