"""Demo data of the social support (called at the end of `manage.py load_demo`; idempotent): Julie Perrin, who lost
her job and has two months of rent unpaid, is followed by the demo advisor — diagnosis, a plan of three steps (one
done, one past due), the contract prepared and accepted by the advisor, a note."""

import datetime as dt

from logis.accounts.models import User
from logis.core.demo import DemoContext, demo_section
from logis.support.models import CaseNote, Contract, PlanStep, SupportCase

APPLICANT = "salarie.discret@logis.test"


@demo_section("support", after=("accounts", "employers"))
def load_support_section(ctx: DemoContext) -> list[str]:
    """The social support: a case in progress with its plan."""
    return load_support_demo(advisor_email="conseiller@logis.test", now=ctx.now)


def load_support_demo(*, advisor_email: str, now: dt.datetime) -> list[str]:
    applicant = User.objects.get(email=APPLICANT)
    advisor = User.objects.get(email=advisor_email)
    if SupportCase.objects.filter(applicant=applicant).exists():
        return []
    today = now.date()
    case = SupportCase.objects.create(
        applicant=applicant,
        event=SupportCase.Event.JOB_LOSS,
        account="J'ai été licenciée en septembre. Deux loyers sont impayés et le bailleur m'a écrit.",
        consent_at=now - dt.timedelta(days=12),
        created_at=now - dt.timedelta(days=12),
        status=SupportCase.Status.IN_PROGRESS,
        advisor=advisor,
        taken_at=now - dt.timedelta(days=11),
        diagnosis_family="Seule avec deux enfants de 6 et 9 ans.",
        diagnosis_work="Licenciement économique ; allocations chômage ouvertes à partir du mois prochain.",
        diagnosis_housing="T3 social, loyer 640 € charges comprises ; dette locative de 1 280 €.",
        diagnosis_budget="Reste à vivre faible le temps de l'ouverture des droits ; pas d'autre crédit.",
        diagnosis_at=now - dt.timedelta(days=10),
    )
    steps = [
        ("Prévenir le bailleur et demander un plan d'apurement", PlanStep.Owner.APPLICANT, "", -5, True),
        ("Déposer une demande d'aide au Fonds de solidarité logement (FSL)", PlanStep.Owner.ADVISOR, "", -2, False),
        ("Rendez-vous budget avec l'ADIL du Rhône", PlanStep.Owner.PARTNER, "ADIL du Rhône", 9, False),
    ]
    for label, owner, partner, due_in, done in steps:
        PlanStep.objects.create(
            case=case,
            label=label,
            owner=owner,
            partner=partner,
            due_on=today + dt.timedelta(days=due_in),
            done_at=now - dt.timedelta(days=6) if done else None,
        )
    Contract.objects.create(
        case=case,
        version=1,
        content={
            "applicant": applicant.get_full_name(),
            "advisor": advisor.get_full_name(),
            "event": case.get_event_display(),
            "steps": [
                {
                    "label": step.label,
                    "owner": step.owner_label,
                    "due_on": step.due_on.strftime("%d/%m/%Y"),
                }
                for step in case.steps.all()
            ],
        },
        generated_at=now - dt.timedelta(days=9),
        generated_by=advisor,
        advisor_accepted_at=now - dt.timedelta(days=9),
    )
    CaseNote.objects.create(
        case=case,
        author=advisor,
        body="Entretien téléphonique : Mme Perrin a écrit au bailleur, qui accepte d'attendre la décision du FSL.",
        at=now - dt.timedelta(days=6),
    )
    return [
        f"Accompagnement social : le dossier de {applicant.get_full_name()} ({APPLICANT}) est suivi par "
        f"{advisor_email} (/conseiller/accompagnement/), avec son plan d'action et une étape en retard.",
    ]
