"""The imported demand and the numéros typed (« Mes données »).

On deletion the demand leaves with what hangs on it (applications and their history, employer agreement, scores,
aid requests). When a commission examined one of its applications, the landlord's decision must be kept: the
demand's row then stays, emptied of every personal field, for the applications and decisions that point at it.
"""

from django.db import models, transaction
from django.db.models import ProtectedError

from logis.core.personal_data import personal_data_section, row, rows
from logis.demands.models import Demand, ImportChallenge


@personal_data_section(
    "demands",
    title="Votre demande de logement social",
    order=20,
    erased=(
        "Votre demande importée (ménage, ressources, souhaits, critères de priorité) et les numéros uniques saisis "
        "sont effacés. Votre demande au registre national n'est pas touchée : elle se gère sur "
        "demande-logement-social.gouv.fr ou auprès d'un guichet enregistreur."
    ),
)
def demand_data(user) -> dict:
    demand = Demand.objects.filter(owner=user).first()
    return {
        "Demande importée": [row(demand, user=user)] if demand else [],
        "Numéros uniques saisis": rows(ImportChallenge.objects.filter(user=user), user=user),
    }


def _emptied(field):
    if field.null:
        return None
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return field.get_default()
    if isinstance(field, models.IntegerField | models.DecimalField):
        return 0
    return ""


def demand_erase(demand: Demand) -> None:
    """Delete the demand; if the law keeps decisions that point at it, empty it instead."""
    try:
        with transaction.atomic():
            demand.delete()
    except ProtectedError:
        for field in Demand._meta.concrete_fields:
            if field.primary_key or field.is_relation or (isinstance(field, models.DateField) and not field.null):
                continue  # the dates of import and validity say nothing about the person
            setattr(demand, field.attname, _emptied(field))
        demand.numero_unique = f"X{demand.pk:017d}"
        demand.save()


@demand_data.eraser
def erase_demand(user, *, now) -> None:
    ImportChallenge.objects.filter(user=user).delete()
    demand = Demand.objects.filter(owner=user).first()
    if demand is not None:
        demand_erase(demand)
