"""Personal data typed in a public post, masked before it is shown (pure: no Django).

The charter forbids personal data in public messages (services-and-aids.md §5: the public bodies' charters refuse
"données personnelles (adresses, numéros de téléphone)"). We mask what can be recognised with confidence:
e-mail addresses, French and international phone numbers, IBAN (ISO 13616 checksum, python-stdnum), the NIR
(numéro de sécurité sociale, key checked by python-stdnum when it is typed) and the numéro unique of a
social-housing demand (the register's 18-character structure, see logis/registry/numbering.py). Postal addresses are
left to the moderators: no pattern recognises them without masking ordinary sentences.
"""

import re
from dataclasses import dataclass

from stdnum import iban
from stdnum.fr import nir

LABELS = {
    "email": "une adresse e-mail",
    "phone": "un numéro de téléphone",
    "iban": "un IBAN (coordonnées bancaires)",
    "nir": "un numéro de sécurité sociale",
    "numero_unique": "un numéro unique de demande de logement",
}
REPLACEMENTS = {
    "email": "[adresse e-mail masquée]",
    "phone": "[numéro de téléphone masqué]",
    "iban": "[IBAN masqué]",
    "nir": "[numéro de sécurité sociale masqué]",
    "numero_unique": "[numéro unique masqué]",
}

_SEP = r"[ \u00a0.\-]?"
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# Two letters, two check digits, then 11 to 30 letters or digits, grouped by 4 or not.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){11,30}\b", re.IGNORECASE)
# Territory (3), month and year (4), sequence (6), office (G + 4): 18 characters, as on the attestation.
NUMERO_UNIQUE = re.compile(
    rf"\b[0-9A-Z]{{3}}{_SEP}(?:0[1-9]|1[0-2])\d{{2}}{_SEP}\d{{6}}{_SEP}G{_SEP}?\d{{4}}\b", re.IGNORECASE
)
# Sex, year, month, département (2A/2B for Corsica), commune, order number, and the key when it is given.
NIR = re.compile(
    rf"\b[1-478]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{3}}{_SEP}\d{{3}}"
    rf"(?:{_SEP}\d{{2}})?\b",
    re.IGNORECASE,
)
# 0X XX XX XX XX, +33 X XX XX XX XX, 0033 (0)X …, and other international numbers (+ then 8 to 14 digits).
PHONE_FR = re.compile(rf"(?<![\w+])(?:(?:\+|00)33{_SEP}(?:\(0\){_SEP})?|0)[1-9](?:{_SEP}\d{{2}}){{4}}(?!\d)")
PHONE_INTL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ \u00a0.\-]?\d){7,13}(?!\d)")


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: tuple[str, ...]  # the kinds found, in the order of LABELS, each once

    @property
    def labels(self) -> list[str]:
        return [LABELS[kind] for kind in self.kinds]


def _digits(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


def _is_iban(candidate: str) -> bool:
    compact = _digits(candidate)
    return iban.is_valid(compact) or (compact.startswith("FR") and len(compact) == 27)


def _mask_ibans(text: str, found: set[str]) -> str:
    """A candidate may run into the next word ("… 189 pour"): drop trailing groups until the checksum holds."""
    out, last = [], 0
    for match in IBAN.finditer(text):
        candidate = match.group(0)
        while candidate and not _is_iban(candidate):
            head, sep, _ = candidate.rpartition(" ")
            candidate = head if sep else ""
        if candidate:
            out.append(text[last : match.start()])
            out.append(REPLACEMENTS["iban"])
            last = match.start() + len(candidate)
            found.add("iban")
    out.append(text[last:])
    return "".join(out)


def _is_nir(candidate: str) -> bool:
    compact = _digits(candidate)
    if len(compact) == 15:
        return nir.is_valid(compact)  # the key checks out: a NIR, not an order number
    return len(compact) == 13  # typed without its key


def mask_personal_data(text: str, *, allowed: frozenset[str] = frozenset()) -> Masked:
    """The text with each recognised piece of personal data replaced by a placeholder, and the kinds found.

    `allowed` lists public numbers that stay (a public service's line, written with digits only).
    """
    found: set[str] = set()

    def replace(kind, predicate=None):
        def substitute(match: re.Match) -> str:
            value = match.group(0)
            if predicate is not None and not predicate(value):
                return value
            if kind == "phone" and re.sub(r"\D", "", value) in allowed:
                return value
            found.add(kind)
            return REPLACEMENTS[kind]

        return substitute

    text = EMAIL.sub(replace("email"), text)
    text = _mask_ibans(text, found)
    text = NUMERO_UNIQUE.sub(replace("numero_unique"), text)
    text = NIR.sub(replace("nir", _is_nir), text)
    text = PHONE_FR.sub(replace("phone"), text)
    text = PHONE_INTL.sub(replace("phone"), text)
    return Masked(text=text, kinds=tuple(kind for kind in LABELS if kind in found))
