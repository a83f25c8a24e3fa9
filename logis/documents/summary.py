"""The summary of an application file, as a PDF for the landlord and its commission (CALEOL).

Household, resources, the eligibility verdict for the offer, the cotation when the grid gives one, and the list
of pieces with their status. The documents themselves are not in it: each is opened (and logged) on its own.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from logis.demands.selectors import situation_sections
from logis.documents import checklist
from logis.documents.perms import Access
from logis.documents.selectors import pieces_for_application
from logis.documents.watermark import watermark_text
from logis.eligibility.services import offer_verdict
from logis.scoring.services import rank_applications

SUMMARY_SECTIONS = ("demande", "foyer", "professionnel", "ressources")


def applicant_name(demand) -> str:
    snapshot = demand.snapshot or {}
    name = f"{snapshot.get('first_name', '')} {snapshot.get('last_name', '')}".strip()
    return name or demand.owner.get_full_name() or demand.owner.email


def _verdict(demand, offer):
    return offer_verdict(demand, offer)


def _cotation(application):
    """This application's line of the offer's ranking (rank, score with its breakdown), or None without one."""
    for line in rank_applications(application.offer) or []:
        if getattr(getattr(line, "application", None), "pk", None) == application.pk:
            return line
    return None


def summary_context(application, *, access: Access, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    demand = application.demand
    sections = [section for section in situation_sections(demand) if section.slug in SUMMARY_SECTIONS]
    line = _cotation(application)
    stamp = ""
    if access.role in ("landlord_agent", "commission"):
        stamp = watermark_text(
            landlord=application.offer.landlord.name, application_id=application.pk, day=timezone.localdate(now)
        )
    return {
        "application": application,
        "offer": application.offer,
        "applicant_name": applicant_name(demand),
        "sections": sections,
        "verdict": _verdict(demand, application.offer),
        "score": getattr(line, "score", None),
        "ranking": getattr(line, "positionnement", ""),
        "entries": pieces_for_application(application),
        "stage_label": checklist.STAGE_LABELS[checklist.next_stage(application.state)],
        "generated_on": checklist.french_date(timezone.localdate(now)),
        "stamp": stamp,
    }


def summary_pdf(application, *, access: Access, now: dt.datetime | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("documents/summary_pdf.html", summary_context(application, access=access, now=now))
    return HTML(string=html).write_pdf()
