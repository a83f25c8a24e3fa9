"""Demo data of the notification centre (section "notifications" of `manage.py load_demo`; idempotent): the demo
applicant's notifications, as the messages of the other sections would have left them (demo sections send no
e-mail): the team's answer on the contact desk, the receipt of her report on the forum, a welcome."""

import datetime as dt

from django.contrib.auth import get_user_model

from logis.core.demo import DemoContext, demo_section
from logis.notifications.kinds import category_of
from logis.notifications.models import Notification

APPLICANT = "demandeur@logis.test"
MESSAGES = [
    # kind, subject, body, link, hours ago, read
    (
        "contact_answer",
        "Réponse à votre demande de contact",
        "Élodie, de l'équipe Logis, a répondu à votre demande : le code part à l'adresse e-mail de votre demande au "
        "registre ; vérifiez vos courriers indésirables.",
        "/contact/mes-messages/",
        60,
        False,
    ),
    (
        "forum_report_received",
        "Votre signalement sur le forum est bien reçu",
        "Nous avons bien reçu votre signalement. Un modérateur l'examine ; vous recevrez la suite donnée.",
        "/forum/",
        24,
        False,
    ),
    (
        "welcome",
        "Bienvenue sur Logis",
        "Importez votre demande de logement social dans « Ma situation » pour voir les offres qui vous correspondent.",
        "/ma-situation/",
        24 * 5,
        True,
    ),
]


@demo_section("notifications", after=("accounts", "contact", "forum"))
def load_notifications_section(ctx: DemoContext) -> list[str]:
    return load_notifications_demo(now=ctx.now)


def load_notifications_demo(*, now: dt.datetime) -> list[str]:
    user = get_user_model().objects.get(email=APPLICANT)
    if Notification.objects.filter(user=user).exists():
        return []
    for kind, subject, body, link, hours, read in MESSAGES:
        notification = Notification.objects.create(
            user=user,
            kind=kind,
            category=category_of(kind),
            subject=subject,
            body=body,
            link=link,
            read_at=now - dt.timedelta(hours=hours - 1) if read else None,
            event_key=f"demo:{kind}",
        )
        Notification.objects.filter(pk=notification.pk).update(created_at=now - dt.timedelta(hours=hours))
    return [f"Notifications (/notifications/) : trois messages pour {APPLICANT}, dont deux non lus."]
