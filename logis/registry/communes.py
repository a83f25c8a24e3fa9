"""Finding the commune a person means from what they type: "Lyon (69001)", "69001", "69123" or "lyon".

Reads only (selectors). Names are compared without accents, case or separators ("saint etienne" finds
"Saint-Étienne"); a postal code of an arrondissement of Paris, Lyon or Marseille finds the commune.
"""

import re
import unicodedata

from django.db.models import Q

from logis.geo.models import Commune

MAX_CANDIDATES = 10

# "Lyon (69001)": a name, then a postal code or an INSEE code (Corsica: 2A004) between brackets.
LABEL_PATTERN = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<code>[0-9][0-9AB][0-9]{3})\s*\)$", re.IGNORECASE)
CODE_PATTERN = re.compile(r"^[0-9][0-9AB][0-9]{3}$", re.IGNORECASE)

# Postal codes of municipal arrondissements (75001-75020 and 75116, 69001-69009, 13001-13016) all
# belong to the same commune, which the commune table knows under one postal code only.
_ARRONDISSEMENTS = {"75": ("75056", 20), "69": ("69123", 9), "13": ("13055", 16)}

_ACCENTS = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóò",
    "u": "uùûüú",
    "y": "yÿ",
}
_SEPARATORS = re.compile(r"[\s\-'’]+")


class CommuneLookupError(Exception):
    """Nothing, or more than one commune, matches the text typed."""

    def __init__(self, text: str, candidates: list[Commune]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates


def commune_label(commune: Commune) -> str:
    """The text shown for a commune and accepted back: "Lyon (69001)"."""
    return f"{commune.name} ({commune.postal_code or commune.insee})"


def name_key(name: str) -> str:
    """Lower case, no accents, words separated by one space, "st"/"ste" written out."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = _SEPARATORS.sub(" ", plain).strip().split(" ")
    expanded = {"st": "saint", "ste": "sainte"}
    return " ".join(expanded.get(word, word) for word in words if word)


def _name_regex(name: str, *, prefix: bool) -> str:
    """A case- and accent-insensitive regular expression (same syntax on SQLite and PostgreSQL)."""
    parts = []
    for ch in name_key(name):
        if ch == " ":
            parts.append(r"[- '’]+")
        elif ch in _ACCENTS:
            variants = _ACCENTS[ch]
            parts.append(f"[{variants}{variants.upper()}]")
        else:
            parts.append(re.escape(ch))
    return "^" + "".join(parts) + ("" if prefix else "$")


def _arrondissement_commune(code: str) -> str | None:
    head, tail = code[:2], code[2:]
    if head not in _ARRONDISSEMENTS or not tail.isdigit():
        return None
    insee, count = _ARRONDISSEMENTS[head]
    number = int(tail)
    if 1 <= number <= count or (head == "75" and number == 116):
        return insee
    return None


def communes_by_code(code: str) -> list[Commune]:
    code = code.upper()
    found = list(Commune.objects.filter(Q(postal_code=code) | Q(insee=code)).order_by("-population", "name"))
    if not found and (insee := _arrondissement_commune(code)):
        found = list(Commune.objects.filter(insee=insee))
    return found


def communes_by_name(name: str) -> list[Commune]:
    if not name_key(name):
        return []
    found = list(Commune.objects.filter(name__iexact=name.strip()).order_by("-population", "name"))
    if not found:
        found = list(
            Commune.objects.filter(name__iregex=_name_regex(name, prefix=False)).order_by("-population", "name")
        )
    return found


def resolve_commune(text: str) -> Commune:
    """The one commune `text` designates; CommuneLookupError (with the candidates) otherwise."""
    text = " ".join((text or "").split())
    if label := LABEL_PATTERN.match(text):
        by_code = communes_by_code(label["code"])
        named = [c for c in by_code if name_key(c.name) == name_key(label["name"])]
        # A misspelt name with a right code finds the commune; a code and a name that designate two
        # different communes make the person choose.
        candidates = named or by_code + [c for c in communes_by_name(label["name"]) if c not in by_code]
    elif CODE_PATTERN.match(text):
        candidates = communes_by_code(text)
    else:
        candidates = communes_by_name(text)
    if len(candidates) == 1:
        return candidates[0]
    raise CommuneLookupError(text, candidates[:MAX_CANDIDATES])


def suggest_communes(text: str, *, limit: int = MAX_CANDIDATES) -> list[Commune]:
    """Communes whose name, postal code or INSEE code starts with `text`, the most populated first."""
    text = " ".join((text or "").split())
    if label := LABEL_PATTERN.match(text):
        text = label["name"]
    if len(text) < 2:
        return []
    communes = Commune.objects.order_by("-population", "name")
    if text[:2].isdigit() or CODE_PATTERN.match(text):
        code = text.upper()
        found = list(communes.filter(Q(postal_code__startswith=code) | Q(insee__startswith=code))[:limit])
        if not found and CODE_PATTERN.match(code) and (insee := _arrondissement_commune(code)):
            found = list(communes.filter(insee=insee))
        return found
    if not name_key(text):
        return []
    return list(communes.filter(name__iregex=_name_regex(text, prefix=True))[:limit])
