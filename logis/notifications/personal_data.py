"""The person's notification centre and the e-mails sent to them (« Mes données »)."""

from django.db.models import Q

from logis.core.personal_data import personal_data_section, rows
from logis.notifications.models import Notification, NotificationPreference, OutboxMessage


@personal_data_section(
    "notifications",
    title="Vos notifications et e-mails",
    order=85,
    erased="Vos notifications, vos préférences et la trace des e-mails qui vous ont été envoyés sont effacées.",
)
def notification_data(user) -> dict:
    return {
        "Notifications": rows(Notification.objects.filter(user=user), user=user, exclude=("body",)),
        "Préférences": rows(NotificationPreference.objects.filter(user=user), user=user),
        "E-mails envoyés": rows(
            OutboxMessage.objects.filter(user=user).exclude(status=OutboxMessage.Status.DECOY),
            user=user,
            exclude=("body", "html_body", "message_id"),
        ),
    }


@notification_data.eraser
def erase_notifications(user, *, now) -> None:
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    OutboxMessage.objects.filter(Q(user=user) | Q(to__iexact=user.email)).delete()
