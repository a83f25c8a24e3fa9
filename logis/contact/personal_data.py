"""The person's requests to the Logis team (« Mes données »). On deletion the tickets stay for the team's follow-up
and statistics, anonymised: no name, no address, the person's own messages effaced."""

from django.db.models import Q

from logis.contact.models import Ticket, TicketMessage
from logis.core.personal_data import personal_data_section, rows

ERASED_MESSAGE = "Message effacé à la suppression du compte."


def _tickets(user):
    return Ticket.objects.filter(Q(user=user) | Q(email__iexact=user.email))


@personal_data_section(
    "contact",
    title="Vos demandes à l'équipe Logis",
    order=75,
    erased=(
        "Vos demandes de contact sont anonymisées : votre nom et votre adresse en sont retirés, vos messages "
        "effacés ; les réponses de l'équipe restent, sans rien qui vous désigne."
    ),
)
def ticket_data(user) -> dict:
    tickets = list(_tickets(user))
    return {
        "Demandes de contact": rows(tickets, user=user),
        "Messages": rows(TicketMessage.objects.filter(ticket__in=tickets), user=user),
    }


@ticket_data.eraser
def anonymise_tickets(user, *, now) -> None:
    tickets = list(_tickets(user).values_list("pk", flat=True))
    TicketMessage.objects.filter(ticket__in=tickets, from_team=False).update(
        body=ERASED_MESSAGE, attachment_name="", author=None
    )
    Ticket.objects.filter(pk__in=tickets).update(
        name="Compte supprimé", email="compte-supprime@logis.invalid", user=None
    )
