"""The person's support by a Logis advisor (« Mes données »): the case, its plan, contracts and notes."""

from logis.core.personal_data import personal_data_section, rows
from logis.support.models import CaseNote, Contract, PlanStep, SupportCase


@personal_data_section(
    "support",
    title="Votre accompagnement",
    order=70,
    erased="Votre accompagnement (diagnostic, plan d'action, contrats, notes du conseiller) est effacé.",
)
def support_data(user) -> dict:
    return {
        "Accompagnements": rows(SupportCase.objects.filter(applicant=user), user=user),
        "Étapes du plan d'action": rows(PlanStep.objects.filter(case__applicant=user), user=user),
        "Contrats d'engagement": rows(Contract.objects.filter(case__applicant=user), user=user),
        "Notes du conseiller": rows(CaseNote.objects.filter(case__applicant=user), user=user),
    }


@support_data.eraser
def erase_support(user, *, now) -> None:
    SupportCase.objects.filter(applicant=user).delete()
