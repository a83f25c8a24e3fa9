"""Demo data of the forum (called at the end of `manage.py load_demo`; idempotent).

A moderator of the Logis team, threads in each category with an official answer, a post about unpaid rent (it
shows the way to social support), a member's first post waiting for moderation and a pending report.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings

from logis.accounts.models import User
from logis.core.demo import DemoContext, demo_section
from logis.forum.categories import categories_ensure
from logis.forum.masking import mask_personal_data
from logis.forum.models import Category, Post, Report, Thread
from logis.organizations.models import Membership, Organization

MODERATOR = ("moderation@logis.test", "Mona", "Derain")
MEMBERS = [
    ("membre.forum@logis.test", "Thomas", "Roux"),
    ("membre.nouveau@logis.test", "Inès", "Faure"),
]
ADVISOR = "conseiller@logis.test"

# category, title, [(author e-mail, days ago, body, official)]
THREADS = [
    (
        "logement-social",
        "Combien de temps pour une réponse après la commission ?",
        [
            (
                "membre.forum@logis.test",
                12,
                "Bonjour, ma candidature est passée en CALEOL mardi. Quand saurai-je ?",
                False,
            ),
            (
                ADVISOR,
                11,
                "Bonjour Thomas, le bailleur vous informe de la décision de la commission par écrit, en général "
                "dans la semaine. Si une offre vous est faite, vous avez 10 jours pour y répondre.",
                True,
            ),
            ("salarie@logis.test", 10, "Pour moi ça a pris 5 jours, le courrier est arrivé avant l'e-mail.", False),
        ],
    ),
    (
        "aides-et-prets",
        "Visale ou caution d'un proche ?",
        [
            (
                "salarie@logis.test",
                9,
                "Mon futur bailleur accepte les deux. Qu'est-ce qui est le plus simple ?",
                False,
            ),
            (
                "membre.forum@logis.test",
                8,
                "Visale est gratuite et se fait en ligne, j'ai eu le visa en 2 jours.",
                False,
            ),
        ],
    ),
    (
        "demenagement",
        "Check-list des démarches avant l'état des lieux",
        [("membre.forum@logis.test", 7, "Je partage ma liste : compteurs, assurance, adresse, box internet.", False)],
    ),
    (
        "difficultes",
        "Loyer impayé depuis deux mois après un licenciement",
        [
            (
                "salarie.discret@logis.test",
                4,
                "J'ai perdu mon emploi et j'ai deux mois de loyer impayé. Le bailleur parle d'une procédure. "
                "Vers qui me tourner ?",
                False,
            ),
            (
                ADVISOR,
                3,
                "Bonjour Julie, demandez sans attendre un accompagnement social depuis votre espace : une conseillère "
                "fait le point avec vous en toute confidentialité. Vous pouvez aussi appeler SOS Loyers impayés au "
                "0805 16 00 75 (gratuit).",
                True,
            ),
        ],
    ),
    (
        "employeurs",
        "Mon employeur doit-il savoir que je cherche un logement ?",
        [
            ("demandeur@logis.test", 2, "Je préfère que mon employeur ne le sache pas. Est-ce possible ?", False),
            (
                "membre.forum@logis.test",
                2,
                "Oui, c'est possible : un conseiller Logis donne l'accord à sa place. Sinon appelez-moi au "
                "06 12 34 56 78 je vous explique.",
                False,
            ),
        ],
    ),
]
HELD = (
    "membre.nouveau@logis.test",
    "logement-social",
    "Premier message : délai de renouvellement de la demande",
    "Bonjour, ma demande expire le mois prochain, comment la renouveler ?",
)


def _user(email, first_name, last_name, password) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name, kind=User.Kind.APPLICANT
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@demo_section("forum", after=("organizations", "accounts", "employers"))
def load_forum_section(ctx: DemoContext) -> list[str]:
    """The forum: a moderator, threads with official answers, a held post, a pending report."""
    return load_forum_demo(operator=ctx.shared["organizations"]["op"], password=ctx.password, now=ctx.now)


def load_forum_demo(*, operator: Organization, password: str, now: dt.datetime) -> list[str]:
    """Create what is missing; return the lines to print."""
    moderator = _user(*MODERATOR, password)
    if moderator.kind != User.Kind.STAFF:
        User.objects.filter(pk=moderator.pk).update(kind=User.Kind.STAFF)
    Membership.objects.get_or_create(
        user=moderator, organization=operator, defaults={"role": Membership.Role.MODERATOR}
    )
    for member in MEMBERS:
        _user(*member, password)
    users = {user.email: user for user in User.objects.all() if user.email.endswith("@logis.test")}
    categories_ensure(Category)
    categories = {category.slug: category for category in Category.objects.all()}
    reported = None
    for slug, title, posts in THREADS:
        if Thread.objects.filter(title=title).exists():
            continue
        first_at = now - dt.timedelta(days=posts[0][1])
        thread = Thread.objects.create(
            category=categories[slug],
            title=title,
            author=users[posts[0][0]],
            created_at=first_at,
            last_post_at=now - dt.timedelta(days=posts[-1][1]),
            post_count=len(posts),
            is_visible=True,
        )
        for index, (email, days, body, official) in enumerate(posts):
            at = now - dt.timedelta(days=days, minutes=-index)
            masked = mask_personal_data(body, allowed=frozenset({"0805160075"}))
            post = Post.objects.create(
                thread=thread,
                author=users[email],
                body=masked.text,
                masked_kinds=list(masked.kinds),
                status=Post.Status.PUBLISHED,
                is_official=official,
                created_at=at,
                published_at=at,
            )
            if masked.kinds:
                reported = post
    if reported is not None and not Report.objects.filter(post=reported).exists():
        Report.objects.create(
            post=reported,
            reason=Report.Reason.SPAM,
            explanation="Ce membre propose d'être appelé en privé pour « expliquer » : démarchage, je crois.",
            url=f"{settings.SITE_URL.rstrip('/')}/forum/messages/{reported.pk}/",
            reporter=users["demandeur@logis.test"],
            reporter_name="Sophie Lambert",
            reporter_email="demandeur@logis.test",
            good_faith=True,
            created_at=now - dt.timedelta(days=1),
        )
    email, slug, title, body = HELD
    if not Thread.objects.filter(title=title).exists():
        thread = Thread.objects.create(
            category=categories[slug], title=title, author=users[email], created_at=now, last_post_at=now
        )
        Post.objects.create(thread=thread, author=users[email], body=body, status=Post.Status.PENDING, created_at=now)
    return [
        "",
        "Forum (/forum/) : 5 catégories, des sujets avec réponses officielles, un message en attente de modération",
        f"et un signalement à traiter. Modération : {MODERATOR[0]} (mot de passe {password}).",
        f"Membres du forum : {MEMBERS[0][0]} ({MEMBERS[0][1]} {MEMBERS[0][2]}, publie directement) et "
        f"{MEMBERS[1][0]} ({MEMBERS[1][1]} {MEMBERS[1][2]}, dont le premier message attend la modération).",
    ]
