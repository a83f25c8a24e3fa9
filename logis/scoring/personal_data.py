"""The scores (cotation) of the person's demand (« Mes données »)."""

from logis.core.personal_data import personal_data_section, rows
from logis.scoring.models import Score


@personal_data_section(
    "scoring", title="La cotation de votre demande", order=55, erased="Les points de cotation calculés sont effacés."
)
def score_data(user) -> dict:
    return {"Cotations": rows(Score.objects.filter(demand__owner=user), user=user)}


@score_data.eraser
def erase_scores(user, *, now) -> None:
    Score.objects.filter(demand__owner=user).delete()
