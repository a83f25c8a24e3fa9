from django import template

from logis.documents import checklist
from logis.documents.checklist import STAGE_LABELS, Stage
from logis.documents.selectors import (
    active_application_state,
    file_entries,
    income_exception_entry,
    income_exception_piece,
    pieces_for_application,
)

register = template.Library()


@register.inclusion_tag("documents/includes/_dashboard_panel.html", takes_context=True)
def documents_dashboard_panel(context, demand):
    """The applicant dashboard's panel: what the file still lacks for its next stage."""
    stage = checklist.next_stage(active_application_state(demand))
    entries = file_entries(demand, stage=stage, extras=False)
    todo = [entry for entry in entries if entry.status != "present"]
    return {
        "demand": demand,
        "show": True,
        "stage_label": STAGE_LABELS[stage],
        "todo": todo[:4],
        "more": max(len(todo) - 4, 0),
        "complete": not todo,
        "present_count": len(entries) - len(todo),
        "total_count": len(entries),
        "is_first_stage": stage == Stage.APPLY,
    }


@register.inclusion_tag("documents/includes/_application_pieces.html")
def application_pieces(application):
    """The pieces of an application's file for the landlord's and the commission's screens, with the links that
    download them (each download checks the permission, logs the access and watermarks a landlord's copy)."""
    if not application.is_active:  # a closed application's file is no longer shared: its links would answer 404
        return {"application": application, "entries": [], "closed": True}
    return {"application": application, "entries": pieces_for_application(application), "closed": False}


@register.inclusion_tag("documents/includes/_application_missing.html")
def application_missing_pieces(application):
    """On the applicant's application: the pieces the landlord still waits for, with the link to upload them."""
    entries = pieces_for_application(application) or []
    return {"todo": [entry for entry in entries if entry.status != "present"]}


@register.inclusion_tag("documents/includes/_income_exception_proof.html")
def income_exception_proof(demand, return_to=""):
    """On « Ressources : situation particulière »: the piece that proves the declared situation, its status, and
    the link that uploads it through « Mon dossier » (content checks, antivirus, private storage, access log)."""
    return {
        "demand": demand,
        "entry": income_exception_entry(demand),
        "piece": income_exception_piece(demand),
        "return_to": return_to,
    }
