"""The person's forum activity (« Mes données »). On deletion the public posts stay, signed « Compte supprimé »:
the discussions they belong to would not read otherwise."""

from logis.core.personal_data import personal_data_section, rows
from logis.forum.models import Post, Report, Sanction, Thread


@personal_data_section(
    "forum",
    title="Le forum",
    order=80,
    erased=(
        "Vos messages publics du forum restent publiés, signés « Compte supprimé » ; vos signalements perdent votre "
        "nom et votre adresse."
    ),
    kept="Les décisions de modération qui vous concernent sont conservées un an, sans votre nom.",
)
def forum_data(user) -> dict:
    return {
        "Sujets ouverts": rows(Thread.objects.filter(author=user), user=user),
        "Messages": rows(Post.objects.filter(author=user), user=user),
        "Signalements faits": rows(Report.objects.filter(reporter=user), user=user),
        "Sanctions": rows(Sanction.objects.filter(member=user), user=user),
    }


@forum_data.eraser
def anonymise_forum(user, *, now) -> None:
    Report.objects.filter(reporter=user).update(
        reporter=None, reporter_name="Compte supprimé", reporter_email="compte-supprime@logis.invalid"
    )
