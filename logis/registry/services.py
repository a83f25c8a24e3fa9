"""Writes of the register: filing a demand (numéro unique, attestation)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from logis.notifications.email import send_email_on_commit
from logis.registry import numbering
from logis.registry.models import Nationality, RegisteredDemand, RegisteredHouseholdMember

VALIDITY_YEARS = 1  # a demand is valid one year, then renewed (R441-2-8 CCH, reference §4)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def registry_demand_file(*, data: Mapping[str, Any]) -> RegisteredDemand:
    """File a demand in the register: issue its numéro unique and e-mail the attestation after commit.

    `data` holds the RegisteredDemand fields of the CERFA 14069*05 content (the communes as geo.Commune
    instances for `commune` and `workplace_commune`, INSEE codes in `wished_communes`), "members": a list
    of dicts with the RegisteredHouseholdMember fields, and optionally "filing_key" (a UUID): filing twice
    with the same key returns the demand already filed, without a second number nor a second e-mail.
    Raises ValidationError when the data is incomplete or the residence permit has expired, and
    IntegrityError when another transaction files the same key at the same time.
    """
    fields = dict(data)
    members = fields.pop("members", [])
    filing_key = fields.pop("filing_key", None)
    if filing_key and (existing := RegisteredDemand.objects.filter(filing_key=filing_key).first()):
        return existing

    filed_at = timezone.now()
    today = timezone.localdate(filed_at)
    permit = fields.get("residence_permit_expires_on")
    if fields.get("nationality") == Nationality.NON_EU and (permit is None or permit < today):
        raise ValidationError(
            {"residence_permit_expires_on": "Un titre de séjour en cours de validité est nécessaire pour déposer."}
        )

    commune = fields.get("commune")
    if commune is None:
        raise ValidationError({"commune": "La commune où habite le demandeur est nécessaire pour déposer."})
    numero = numbering.issue(
        territory=numbering.territory_for(departement=commune.departement, region=commune.region),
        filed_at=timezone.localtime(filed_at),
        guichet=settings.LOGIS_REGISTRY_GUICHET,
    )
    demand = RegisteredDemand(
        numero_unique=numero,
        status=RegisteredDemand.Status.ACTIVE,
        filed_at=filed_at,
        expires_on=_years_after(today, VALIDITY_YEARS),
        guichet=settings.LOGIS_REGISTRY_GUICHET,
        filing_key=filing_key,
        **fields,
    )
    # The database enforces the filing key (IntegrityError) when the same filing is confirmed twice at the
    # same instant: the caller finds the demand the other request filed.
    demand.full_clean(exclude=["filing_key"])
    demand.save()
    household = [RegisteredHouseholdMember(demand=demand, **member) for member in members]
    for member in household:
        member.full_clean()
    RegisteredHouseholdMember.objects.bulk_create(household)

    send_email_on_commit(
        "registry_attestation",
        to=demand.email,
        key=f"registry_attestation:{demand.numero_unique}",
        context={
            "first_name": demand.first_name,
            "last_name": demand.last_name,
            "numero_display": numbering.format_for_display(demand.numero_unique),
            "filed_on": date_format(today, "j F Y"),
            "expires_on": date_format(demand.expires_on, "j F Y"),
            "signup_url": settings.SITE_URL + reverse("account_signup"),
            "situation_url": settings.SITE_URL + reverse("demands:situation"),
        },
    )
    return demand
