"""Demo data of « Aides et prêts » (a section of `manage.py load_demo`; idempotent, sends no e-mail).

- a status change recorded by the Logis team (the new Visale rules of 6 January 2026);
- the employee Karim Benali (salarie@logis.test, from the employers' section) with a granted Avance LOCA-PASS and
  a Garantie Visale request waiting in the advisors' queue (conseiller@logis.test), both with pieces of his file.
"""

import datetime as dt

from django.db import transaction

from logis.accounts.models import User
from logis.aids.models import AidRequest, AidStatusChange
from logis.aids.services import aid_request_decide, aid_request_start, aid_request_submit
from logis.core.demo import DemoContext, demo_section
from logis.demands.models import Demand
from logis.documents.models import Piece
from logis.documents.services import Upload, piece_upload
from logis.organizations.models import Membership

APPLICANT = "salarie@logis.test"
ADVISOR = "conseiller@logis.test"
DEMO_IBAN = "FR7630006000011234567890189"


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with a line of text (a demo piece: no real document)."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PIECES = [
    ("identity", {"variant": "cni"}, "Carte d'identite (demonstration)"),
    ("employment", {"variant": "certificate"}, "Attestation employeur (demonstration)"),
    ("payslips", {}, "Bulletins de salaire (demonstration)"),
    ("lease", {}, "Bail (demonstration)"),
    ("bank_details", {"iban": DEMO_IBAN}, "RIB (demonstration)"),
]


@demo_section("aids", after=("accounts", "employers"))
def load_aids_section(ctx: DemoContext) -> list[str]:
    return load_aids_demo(now=ctx.now)


def load_aids_demo(*, now: dt.datetime) -> list[str]:
    AidStatusChange.objects.get_or_create(
        aid="garantie_visale",
        since=dt.date(2026, 1, 6),
        defaults={
            "status": "open",
            "note": "Nouvelles règles depuis le 6 janvier 2026 : plafonds de loyer relevés (1 940 € en "
            "Île-de-France), couverture limitée aux 3 premières années.",
        },
    )
    applicant = User.objects.filter(email=APPLICANT).first()
    demand = Demand.objects.filter(owner=applicant).first() if applicant else None
    advisor = User.objects.filter(
        email=ADVISOR, memberships__role=Membership.Role.ADVISOR, memberships__is_active=True
    ).first()
    if demand is None or advisor is None:
        return ["Aides : compte de démonstration du salarié ou du conseiller absent, pas de demande d'aide créée."]
    if AidRequest.objects.filter(applicant=applicant).exists():
        return [f"Aides : {APPLICANT} a une Avance LOCA-PASS accordée et une demande Visale chez les conseillers."]
    with transaction.atomic():
        present = set(Piece.objects.filter(demand=demand).values_list("kind", flat=True))
        for kind, extra, title in PIECES:
            if kind not in present:
                piece_upload(
                    demand=demand,
                    kind=kind,
                    uploads=[Upload(f"{kind}.pdf", demo_pdf(title))],
                    by=applicant,
                    now=now - dt.timedelta(days=20),
                    **extra,
                )
        granted = aid_request_start(
            applicant=applicant,
            demand=demand,
            aid="avance_loca_pass",
            amount="950",
            details={"move_in_date": (now - dt.timedelta(days=25)).date().isoformat()},
            now=now - dt.timedelta(days=15),
        )
        aid_request_submit(request=granted, by=applicant, now=now - dt.timedelta(days=14), notify=False)
        aid_request_decide(
            request=granted,
            granted=True,
            reason="Avance de 950 € versée au bailleur sous 10 jours.",
            by=advisor,
            now=now - dt.timedelta(days=10),
            notify=False,
        )
        pending = aid_request_start(
            applicant=applicant,
            demand=demand,
            aid="garantie_visale",
            details={"message": "Je signe le bail d'un T2 à Lyon le mois prochain."},
            now=now - dt.timedelta(days=2),
        )
        aid_request_submit(request=pending, by=applicant, now=now - dt.timedelta(days=2), notify=False)
    return [
        f"Aides : {APPLICANT} a une Avance LOCA-PASS accordée et une demande Visale dans la file des conseillers "
        f"({ADVISOR}, /conseiller/aides/)."
    ]
