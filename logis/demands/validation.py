"""Checks of what the applicant types in "Les informations", shared by the form and the service."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from stdnum.fr import siren as siren_check
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


SIREN_LENGTH = 9


def clean_siren(value: str) -> str:
    """The SIREN of a company as 9 digits (spaces and dots accepted), its Luhn key checked (python-stdnum)."""
    digits = re.sub(r"[\s.]", "", value or "")
    if not digits.isdigit() or len(digits) != SIREN_LENGTH:
        raise ValidationError(
            "Le SIREN doit comporter 9 chiffres (les espaces sont acceptés) : il figure sur l'extrait Kbis de "
            "l'agence et sur ses mandats.",
            code="siren_length",
        )
    if not siren_check.is_valid(digits):
        raise ValidationError(
            "Ce numéro SIREN n'est pas valide : un chiffre a probablement été mal recopié. Vérifiez-le sur "
            "l'extrait Kbis de l'agence.",
            code="siren_checksum",
        )
    return digits
