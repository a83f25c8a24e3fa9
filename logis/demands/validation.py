"""Checks of what the applicant types in "Les informations", shared by the form and the service."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from stdnum.fr import siret as siret_check

SIRET_LENGTH = 14


def clean_siret(value: str) -> str:
    """The SIRET as 14 digits: spaces and dots as printed on payslips are accepted, the Luhn key is checked."""
    digits = re.sub(r"[\s.]", "", value or "")
    if not digits.isdigit() or len(digits) != SIRET_LENGTH:
        raise ValidationError(
            "Le SIRET doit comporter 14 chiffres (les espaces sont acceptés) : vous en trouverez un sur votre "
            "bulletin de salaire, en haut, près du nom de votre employeur.",
            code="siret_length",
        )
    if not siret_check.is_valid(digits):
        raise ValidationError(
            "Ce numéro SIRET n'est pas valide : un chiffre a probablement été mal recopié. Vérifiez-le sur votre "
            "bulletin de salaire.",
            code="siret_checksum",
        )
    return digits


def check_employment_start(value: dt.date, *, today: dt.date) -> dt.date:
    if value > today:
        raise ValidationError(
            "La date d'entrée dans l'entreprise ne peut pas être dans le futur : indiquez le jour où vous avez "
            "commencé à y travailler.",
            code="future",
        )
    return value
