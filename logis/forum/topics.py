"""Posts that speak of a difficulty the social support answers (pure: no Django).

services-and-aids.md §1.6: the social support is for an unforeseeable event that threatens keeping or reaching a
home (unpaid rent, risk of eviction, over-indebtedness...); §5: "redirect posts revealing distress to the
social-support request form". A post about violence also shows the national lines (3919, 17).
"""

import re
import unicodedata

TOPICS = {
    "unpaid_rent": (
        r"impaye",
        r"loyers? (?:en )?retard",
        r"retard de loyer",
        r"dette (?:de|locative)",
        r"surendett",
        r"payer (?:mon|le) loyer",
        r"commandement de payer",
        r"plus (?:les moyens|d'argent) pour (?:le|mon) loyer",
    ),
    "eviction": (r"expuls", r"huissier", r"commissaire de justice", r"mise a la rue", r"conge pour vente"),
    "violence": (r"violen", r"me frappe", r"m'a frappe", r"coups", r"menace de mort", r"harcel"),
}
_COMPILED = {topic: re.compile("|".join(patterns)) for topic, patterns in TOPICS.items()}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def distress_topics(text: str) -> frozenset[str]:
    """The difficulties a text speaks of, among unpaid_rent, eviction and violence."""
    folded = _fold(text)
    return frozenset(topic for topic, pattern in _COMPILED.items() if pattern.search(folded))
