"""The numéro unique of a demand (L441-2-1 and R441-2-3 CCH).

Public structure (reference §3, decoded from one SNE sample, marked [D] there): territory code (3 characters:
"111" for the Île-de-France regional number, else the département code on 3 characters), month and year of
the first filing (MMYY), a 6-digit sequence, and the registering office ("G" + 4 digits). 18 characters.
"""

import re
from datetime import datetime

from django.db import transaction

from logis.core import text
from logis.registry.models import NumberSequence

ILE_DE_FRANCE_REGION = "11"
ILE_DE_FRANCE_TERRITORY = "111"

# Lenient: a mismatch is a warning, never a hard reject (legacy numbers exist).
NUMERO_PATTERN = re.compile(r"^[0-9A-Z]{3}(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}G[0-9]{4}$")


def normalize(numero: str) -> str:
    """Upper-case and strip spaces, dots and dashes, as people type it from the attestation."""
    return re.sub(r"[\s.\-]", "", numero or "").upper()


def looks_valid(numero: str) -> bool:
    return bool(NUMERO_PATTERN.match(normalize(numero)))


def territory_for(*, departement: str, region: str) -> str:
    if region == ILE_DE_FRANCE_REGION:
        return ILE_DE_FRANCE_TERRITORY
    return departement.zfill(3)


@transaction.atomic
def issue(*, territory: str, filed_at: datetime, guichet: str) -> str:
    """Allocate the next numéro unique for a territory and month of first filing (row-locked sequence)."""
    month = filed_at.strftime("%m%y")
    NumberSequence.objects.get_or_create(territory=territory, month=month)
    sequence = NumberSequence.objects.select_for_update().get(territory=territory, month=month)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{territory}{month}{sequence.last:06d}{guichet}"


def format_for_display(numero: str) -> str:
    """Groups as on the attestation: 111 0318 016982 G1104 (the platform's one format, logis.core.text)."""
    return text.numero_unique(normalize(numero))
