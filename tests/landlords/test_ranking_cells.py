"""The ranking's rows and cells rendered in Python (logis.landlords.templatetags.ranking_cells) are the templates'
HTML: the score with its breakdown, the verdict (a Verdict or the summary stored with the score), the pieces, a row
at each step with its actions."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.template import Context
from django.template.loader import get_template, render_to_string

from logis.landlords.selectors import RankingRow
from logis.landlords.templatetags.ranking_cells import pieces_cell, ranking_row, score_cell, verdict_cell
from logis.rules.verdict import Check, Verdict
from logis.scoring.grid import BreakdownLine, ScoreResult
from logis.scoring.services import verdict_summary
from tests.factories import ApplicationFactory


def same_html(text: str) -> str:
    """Whitespace as a browser reads it: every run is one space, none between two tags."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text)).strip()


SCORES = [
    None,
    ScoreResult(total=0, breakdown=(), grid_version="national-1"),
    ScoreResult(
        total=-3,
        breakdown=(
            BreakdownLine("homeless", "Sans abri <ou> abri « de fortune »", 17, "Logement actuel : sans abri & co"),
            BreakdownLine("effort", "Taux d'effort", -20, ""),
        ),
        grid_version="national-1",
    ),
]
FAILED = Check("typology", False, "Typologie T3 : ne convient pas à un ménage de 5 personnes <T4>.")
CEILING = Check("income_ceiling", True, "Revenu propre de 9 000 € ≤ plafond", {"income_exception": "divorce"})
VERDICTS = [
    None,
    Verdict(eligible=True, passes=(Check("effort", True, "Taux d'effort 25 %"),)),
    Verdict(eligible=True, passes=(CEILING,)),
    Verdict(eligible=False, failures=(FAILED,), passes=(CEILING,)),
    Verdict(eligible=False, failures=(FAILED, Check("effort", False, "Taux d'effort de 41 % & plus"))),
]


def piece(status: str, label: str, status_label: str = "À fournir"):
    return SimpleNamespace(status=status, label=label, status_label=status_label)


PIECES = [
    [],
    [piece("present", "Pièce d'identité", "Fournie")],
    [piece("missing", "Avis d'imposition de Zoé <Morel>"), piece("expired", "Bulletins", "Périmée")],
    [piece("present", "A", "Fournie"), piece("present", "B", "Fournie"), piece("missing", "C")],
]


@pytest.mark.parametrize("score", SCORES)
def test_the_score_cell_is_the_include(score):
    assert same_html(score_cell(score)) == same_html(
        render_to_string("landlords/includes/_score.html", {"score": score})
    )


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_verdict_cell_is_the_include_for_a_verdict_and_for_its_stored_summary(verdict):
    expected = same_html(render_to_string("landlords/includes/_verdict.html", {"verdict": verdict}))
    assert same_html(verdict_cell(verdict)) == expected
    if verdict is not None:
        assert same_html(verdict_cell(verdict_summary(verdict))) == expected
        summary = {"verdict": verdict_summary(verdict)}
        assert same_html(render_to_string("landlords/includes/_verdict.html", summary)) == expected


@pytest.mark.parametrize("pieces", PIECES)
def test_the_pieces_cell_is_the_include(pieces):
    present = sum(1 for entry in pieces if entry.status == "present")
    assert same_html(pieces_cell(pieces, present)) == same_html(
        render_to_string("landlords/includes/_pieces.html", {"pieces": pieces, "present": present})
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "agreement", "deadline"),
    [
        ("submitted", "given", None),
        ("submitted", "", None),
        ("validated", "", None),
        ("offer_made", "", dt.date(2027, 1, 9)),
        ("in_commission", "", None),
    ],
)
def test_a_row_is_the_rows_template(state, agreement, deadline):
    application = ApplicationFactory(
        state=state, answer_deadline=deadline, demand__owner__first_name="Zoé", demand__owner__last_name="L'<Ange>"
    )
    row = RankingRow(
        application=application,
        position=2,
        count=40,
        score=SCORES[2],
        verdict=verdict_summary(VERDICTS[3]),
        pieces=PIECES[2],
        agreement_status=agreement,
    )
    context = Context({"row": row, "csrf_token": "jeton"})
    expected = same_html(get_template("landlords/includes/_ranking_row.html").template.render(context))
    assert same_html(ranking_row(context, row)) == expected
