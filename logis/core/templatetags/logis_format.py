from django import template

from logis.core import text

register = template.Library()


@register.filter
def numero_unique(value) -> str:
    """`{{ demand.numero_unique|numero_unique }}`: one format of the numéro unique on every page, PDF and e-mail."""
    return text.numero_unique(str(value or ""))
