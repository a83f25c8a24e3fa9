"""French number formatting for the sentences of verdicts.

Thousands are separated by a narrow no-break space (U+202F), the decimal mark is a comma, and the unit
(« € », « % ») follows a no-break space (U+00A0), as French typography asks: « 48 362 € », « 720,50 € »,
« 33,0 % ». Both spaces render as spaces and never break a figure from its unit across lines.
"""

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS_SEPARATOR = "\u202f"
UNIT_SEPARATOR = "\u00a0"


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


_QUANTUM = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(7)}
_FRENCH_MARKS = str.maketrans({",": THOUSANDS_SEPARATOR, ".": ","})


def number(value, decimals: int = 0) -> str:
    """« 48 362 », « 1 234,56 » (rounded half up to `decimals` places)."""
    quantum = _QUANTUM.get(decimals) or Decimal(1).scaleb(-decimals)
    amount = _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if not amount:
        amount = abs(amount)  # no « -0 »
    return f"{amount:,.{decimals}f}".translate(_FRENCH_MARKS)


def euros(value, decimals: int | None = None) -> str:
    """« 48 362 € »; cents are shown only when the amount has some (« 720,50 € ») or when asked."""
    amount = _decimal(value)
    if decimals is None:
        decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number(amount, decimals)}{UNIT_SEPARATOR}€"


_CENT = _QUANTUM[2]


def euros_cents(value: Decimal) -> str:
    """euros(value, 2) for a Decimal, in one step: the amortisation table formats 1 500 amounts a page."""
    amount = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{amount if amount else abs(amount):,.2f}{UNIT_SEPARATOR}€".translate(_FRENCH_MARKS)


def percent(rate, decimals: int | None = 1) -> str:
    """A rate given as a fraction: 0.3312 → « 33,1 % »; with `decimals=None`, whole percents lose their
    decimals (0.33 → « 33 % ») and others keep what they have (0.335 → « 33,5 % »)."""
    value = _decimal(rate) * 100
    if decimals is None:
        decimals = max(0, -value.normalize().as_tuple().exponent)
    return f"{number(value, decimals)}{UNIT_SEPARATOR}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 personne », « 3 personnes »."""
    word = singular if abs(count) < 2 else (plural_form or f"{singular}s")
    return f"{count} {word}"
