from django import template

from logis.rules.formatting import euros as french_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """`{{ offer.price|euros }}`: « 215 000 € », « 95,50 € » (French typography, logis.rules.formatting)."""
    if value is None or value == "":
        return ""
    return french_euros(value)
