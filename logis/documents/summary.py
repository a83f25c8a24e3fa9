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
from logis.scoring.services import ranked_application

SUMMARY_SECTIONS = ("demande", "foyer", "professionnel", "ressources")


def applicant_name(demand) -> str:
    snapshot = demand.snapshot or {}
    name = f"{snapshot.get('first_name', '')} {snapshot.get('last_name', '')}".strip()
    return name or demand.owner.get_full_name() or demand.owner.email


def summary_context(application, *, access: Access, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    demand = application.demand
    sections = [section for section in situation_sections(demand) if section.slug in SUMMARY_SECTIONS]
    line = ranked_application(application)  # rank and score with its breakdown; None once it has ended
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
        "verdict": offer_verdict(demand, application.offer),
        "score": line.score if line else None,
        "ranking": line.positionnement if line else "",
        "entries": pieces_for_application(application),
        "stage_label": checklist.STAGE_LABELS[checklist.next_stage(application.state)],
        "generated_on": checklist.french_date(timezone.localdate(now)),
        "stamp": stamp,
    }


def summary_pdf(application, *, access: Access, now: dt.datetime | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("documents/summary_pdf.html", summary_context(application, access=access, now=now))
    return HTML(string=html).write_pdf()
