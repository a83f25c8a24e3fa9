"""Demo data of the contact desk (called at the end of `manage.py load_demo`; idempotent): three tickets, one
answered by the advisor, one waiting, one closed, so that the team's inbox and its median have something to show."""

import datetime as dt
import uuid

from logis.accounts.models import User
from logis.contact.models import Ticket, TicketMessage
from logis.core.demo import DemoContext, demo_section

TICKETS = [
    # (e-mail, name, subject, days ago, message, answer after hours or None, closed)
    (
        "demandeur@logis.test",
        "Sophie Lambert",
        Ticket.Subject.DEMAND,
        3,
        "Bonjour, mon code de sécurité n'arrive pas sur ma boîte e-mail. Pouvez-vous m'aider ?",
        4,
        False,
    ),
    (
        "m.dubois@exemple.fr",
        "Marc Dubois",
        Ticket.Subject.EMPLOYER,
        1,
        "Mon entreprise n'est pas inscrite sur Logis : comment obtenir l'accord de mon employeur ?",
        None,
        False,
    ),
    (
        "salarie@logis.test",
        "Karim Benali",
        Ticket.Subject.AIDS,
        9,
        "La garantie Visale fonctionne-t-elle pour un logement social ?",
        20,
        True,
    ),
]
ANSWERS = {
    Ticket.Subject.DEMAND: "Bonjour, le code part à l'adresse e-mail de votre demande au registre : vérifiez vos "
    "courriers indésirables. Sinon, répondez-nous et nous vérifierons l'adresse enregistrée.",
    Ticket.Subject.AIDS: "Bonjour, oui : Visale couvre aussi les logements sociaux, sous conditions. Le forum "
    "« Aides et prêts » en parle aussi.",
}


@demo_section("contact", after=("accounts", "employers"))
def load_contact_section(ctx: DemoContext) -> list[str]:
    """The contact desk: three tickets, one waiting in the team's inbox."""
    return load_contact_demo(advisor_email="conseiller@logis.test", now=ctx.now)


def load_contact_demo(*, advisor_email: str, now: dt.datetime) -> list[str]:
    advisor = User.objects.get(email=advisor_email)
    for email, name, subject, days, body, answer_after, closed in TICKETS:
        if Ticket.objects.filter(email=email, subject=subject).exists():
            continue
        created = now - dt.timedelta(days=days)
        user = User.objects.filter(email=email).first()
        ticket = Ticket.objects.create(
            number=f"demo-{uuid.uuid4().hex[:12]}",
            subject=subject,
            name=name,
            email=email,
            user=user,
            created_at=created,
            last_message_at=created,
        )
        ticket.number = f"{created:%Y}-{ticket.pk:06d}"
        TicketMessage.objects.create(ticket=ticket, author=user, body=body, created_at=created)
        if answer_after is not None:
            answered = created + dt.timedelta(hours=answer_after)
            TicketMessage.objects.create(
                ticket=ticket, author=advisor, from_team=True, body=ANSWERS[subject], created_at=answered
            )
            ticket.first_answer_at = answered
            ticket.last_message_at = answered
            ticket.assigned_to = advisor
            ticket.status = Ticket.Status.CLOSED if closed else Ticket.Status.ANSWERED
            ticket.closed_at = answered if closed else None
        ticket.save()
    return [
        "Contact (/contact/) : trois demandes, dont une en attente dans la boîte de l'équipe (/contact/equipe/, "
        f"compte {advisor_email}).",
    ]
