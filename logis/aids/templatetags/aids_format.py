"""French amounts for the aids' pages: « 1 234,56 € », « 1,31 % »."""

from django import template

from logis.rules.formatting import euros, number

register = template.Library()


@register.filter
def euros2(value):
    return euros(value, 2)


@register.filter
def euros0(value):
    return euros(value, 0)


@register.filter
def pct2(value):
    """A percentage already in % (1.31 → « 1,31 % »)."""
    return f"{number(value, 2)}\u00a0%"


@register.filter
def rate_pct(value, decimals=2):
    """A fraction as a percentage (0.0283 → « 2,83 % »)."""
    return f"{number(value * 100, int(decimals))}\u00a0%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
