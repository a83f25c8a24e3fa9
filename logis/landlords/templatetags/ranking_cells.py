"""The rows of the landlord's ranking (`landlords/applicants.html`), rendered in Python.

A page of the ranking shows 25 rows, each with the breakdown of its score, its verdict and its pieces: through the
templates `landlords/includes/_ranking_row.html`, `_score.html`, `_verdict.html` and `_pieces.html` that is about a
thousand template variables, most of the page's time (issue #13). These tags give the same HTML
(tests/landlords/test_ranking_cells.py compares them with the templates; the file page and the commission's session
keep using the cells' includes), joined once with the values escaped.

The values are escaped with the standard library's `html.escape` on their text, which is what Django's `escape`
does once past its check for lazy strings, a third of the rows' time (about 750 values a page). The links and the
dates a page repeats are built once per page (`_page`), not once per row.
"""

import datetime as dt
import html

from django import template
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_PK = 2_147_483_647  # a pk no row has, replaced in the links reversed once per page


def escape(value) -> str:
    """Django's `escape` for the values of these cells (never lazy strings): the text, HTML-escaped."""
    return html.escape(str(value))


class _Page:
    """What the rows of one page share: the links' patterns, reversed once, and the dates already written."""

    def __init__(self):
        self._application = reverse("landlords:application", args=[_PK])
        self._validate = reverse("landlords:application_act", args=[_PK, "validate"])
        self._days: dict = {}

    def application_url(self, pk: int) -> str:
        return self._application.replace(str(_PK), str(pk))

    def validate_url(self, pk: int) -> str:
        return self._validate.replace(str(_PK), str(pk))

    def day(self, value) -> str:
        """`date:"j F Y"` of a date (a datetime in the current time zone's day)."""
        day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
        if day not in self._days:
            self._days[day] = date_format(day, "j F Y")
        return self._days[day]


def _page(context) -> _Page:
    """The `_Page` of the template being rendered (its render context lives for one rendering)."""
    render_context = getattr(context, "render_context", None)
    if render_context is None:
        return _Page()
    page = render_context.get("ranking_cells_page")
    if page is None:
        page = render_context["ranking_cells_page"] = _Page()
    return page


_SCORE_HEAD = (
    '<details><summary><span class="fw-semibold">{total} points</span></summary>'
    '<table class="table table-sm small mb-0"><caption class="visually-hidden">Détail de la cotation</caption>'
    '<thead><tr><th scope="col">Critère</th><th scope="col" class="text-end">Points</th></tr></thead><tbody>'
)
_SCORE_FOOT = (
    '</tbody><tfoot><tr><th scope="row">Total</th><td class="text-end fw-semibold">{total}</td></tr></tfoot>'
    "</table></details>"
)


@register.simple_tag
def score_cell(score) -> SafeString:
    """`_score.html`: the total, and the breakdown in a disclosure (« Non coté » without a score)."""
    if not score:
        return mark_safe('<span class="small text-body-secondary">Non coté</span>')
    total = escape(score.total)
    lines = []
    for line in score.breakdown:
        why = f'<span class="d-block text-body-secondary">{escape(line.why)}</span>' if line.why else ""
        lines.append(f'<tr><td> {escape(line.label)} {why}</td><td class="text-end">{escape(line.points)}</td></tr>')
    return mark_safe(_SCORE_HEAD.format(total=total) + "".join(lines) + _SCORE_FOOT.format(total=total))  # noqa: S308 - every value escaped above


def _get(value, name):
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


@register.simple_tag
def verdict_cell(verdict) -> SafeString:
    """`_verdict.html`, for a Verdict or the summary stored with a ranking's score (a dict of the same names)."""
    if verdict is None:
        return mark_safe('<span class="badge text-bg-secondary">Éligibilité non évaluée</span>')
    parts = []
    if _get(verdict, "eligible"):
        parts.append('<span class="badge text-bg-success">Éligible</span>')
    else:
        failures = "".join(f"<li>{escape(_get(check, 'message'))}</li>" for check in _get(verdict, "failures") or ())
        parts.append(
            f'<span class="badge text-bg-danger">Non éligible</span><ul class="small mb-0 ps-3">{failures}</ul>'
        )
    if verdict:
        for check in _get(verdict, "passes") or ():
            if _get(check, "code") == "income_ceiling" and (_get(check, "figures") or {}).get("income_exception"):
                parts.append(
                    format_html('<p class="small mb-0 mt-1">Ressources retenues : {}</p>', _get(check, "message"))
                )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


@register.simple_tag
def pieces_cell(pieces, present: int) -> SafeString:
    """`_pieces.html`: how many pieces are provided, and each with its status in a disclosure."""
    if not pieces:
        return mark_safe('<span class="small text-body-secondary">Aucune pièce à afficher</span>')
    items = []
    for piece in pieces:
        if piece.status == "present":
            badge = '<span class="badge text-bg-success">Fournie</span>'
        else:
            badge = f'<span class="badge text-bg-warning">{escape(piece.status_label)}</span>'
        items.append(f"<li>{badge} {escape(piece.label)} </li>")
    summary = f"{escape(present)} fournie{pluralize(present)} sur {len(pieces)}"
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<details><summary class="small">{summary}</summary><ul class="list-unstyled small mb-0">'
        + "".join(items)
        + "</ul></details>"
    )


@register.simple_tag(takes_context=True)
def ranking_row(context, row) -> SafeString:
    """`_ranking_row.html`: the rank, the applicant, the three cells, the step and the actions of one row."""
    page = _page(context)
    application = row.application
    demand = application.demand
    pk = application.pk
    name = escape(demand.owner.get_full_name())
    url = page.application_url(pk)
    sent = page.day(application.created_at)
    state = application.state
    actions = [f'<span class="d-block mb-1">{escape(application.state_label)}</span>']
    if state == "offer_made" and application.answer_deadline:
        deadline = page.day(application.answer_deadline)
        actions.append(f'<span class="d-block small mb-1">Réponse au plus tard le {deadline}</span>')
    if state == "submitted":
        agreement = escape(row.agreement_label.lower())
        actions.append(f'<span class="d-block small mb-1">Accord employeur : {agreement}</span>')
        if not row.agreement_given:
            actions.append(
                '<span class="d-block small mb-1">Validation possible une fois l\'accord employeur donné.</span>'
            )
        else:
            action = page.validate_url(pk)
            token = escape(context.get("csrf_token", ""))
            actions.append(
                f'<form method="post" action="{action}" class="d-inline">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                '<input type="hidden" name="next" value="applicants">'
                '<button type="submit" class="btn btn-sm btn-primary"> Valider'
                f'<span class="visually-hidden"> le dossier de {name}</span></button></form>'
            )
    if state in ("submitted", "validated"):
        actions.append(
            f'<a class="btn btn-sm btn-outline-danger" href="{url}#ne-pas-retenir">Ne pas retenir'
            f'<span class="visually-hidden"> {name}</span></a>'
        )
    household = demand.household_size
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<tr id="candidat-{pk}"><td data-label="Rang">{escape(row.positionnement)}</td>'
        f'<th scope="row"><a href="{url}">{name}</a><span class="d-block small fw-normal text-body-secondary"> '
        f"{escape(household)} personne{pluralize(household)} · envoyée le {sent} </span></th>"
        f'<td data-label="Cotation">{score_cell(row.score)}</td>'
        f'<td data-label="Éligibilité">{verdict_cell(row.verdict)}</td>'
        f'<td data-label="Pièces du dossier">{pieces_cell(row.pieces, row.pieces_present)}</td>'
        f'<td data-label="Étape et actions">{"".join(actions)}</td></tr>'
    )
