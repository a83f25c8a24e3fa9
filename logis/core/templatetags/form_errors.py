"""The error summary at the top of a form: how many fields to correct, each linked to its field."""

from django import template

register = template.Library()


def summary_items(form) -> list[dict[str, str]]:
    items = []
    for name, errors in form.errors.items():
        if name not in form.fields:
            items.append({"label": "", "message": errors[0], "target": ""})
            continue
        bound = form[name]
        items.append(
            {"label": bound.label, "message": errors[0], "target": bound.id_for_label or f"{bound.auto_id}_0"}
        )
    return items


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(form):
    """Nothing on a blank form; after a failed submission, the errors listed first (the page moves the focus to
    them with logis/js/focus-errors.js)."""
    return {"error_summary": summary_items(form) if form.is_bound else []}
