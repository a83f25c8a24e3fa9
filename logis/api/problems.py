"""Errors of the API as RFC 9457 « problem details » (application/problem+json), worded in French."""

import json

from django.http import HttpResponse

PROBLEM_TYPE = "https://logis.example/api/problemes/"
CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    405: "Méthode non permise",
    409: "Conflit",
    422: "Données invalides",
    429: "Trop de requêtes",
    500: "Erreur du serveur",
    503: "Service indisponible",
}


class Problem(Exception):
    """Raise anywhere in an operation: the API answers with this problem."""

    def __init__(self, status: int, detail: str, *, code: str = "", errors: list | None = None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or {401: "authentification", 403: "acces-refuse", 404: "introuvable"}.get(status, "erreur")
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(request, problem: Problem) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE + problem.code,
        "title": TITLES.get(problem.status, "Erreur"),
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.path,
    }
    if problem.errors:
        body["errors"] = problem.errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=CONTENT_TYPE + "; charset=utf-8"
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def _location(loc) -> str:
    parts = [str(part) for part in loc if part not in {"body", "payload", "query", "path", "header"}]
    return ".".join(parts) or "requête"


_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'existe pas : retirez-le.",
    "int_parsing": "Indiquez un nombre entier.",
    "int_type": "Indiquez un nombre entier.",
    "float_parsing": "Indiquez un nombre.",
    "decimal_parsing": "Indiquez un nombre, avec un point comme séparateur décimal.",
    "bool_parsing": "Indiquez true ou false.",
    "date_from_datetime_parsing": "Indiquez une date au format AAAA-MM-JJ.",
    "date_parsing": "Indiquez une date au format AAAA-MM-JJ.",
    "datetime_parsing": "Indiquez une date et une heure au format ISO 8601 (AAAA-MM-JJTHH:MM:SS+01:00).",
    "datetime_from_date_parsing": "Indiquez une date et une heure au format ISO 8601 (AAAA-MM-JJTHH:MM:SS+01:00).",
    "string_type": "Indiquez un texte.",
    "string_too_long": "Ce texte est trop long.",
    "string_too_short": "Ce texte est trop court.",
    "literal_error": "Cette valeur n'est pas permise.",
    "enum": "Cette valeur n'est pas permise.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "model_attributes_type": "Le corps de la requête doit être un objet JSON.",
    "dict_type": "Le corps de la requête doit être un objet JSON.",
    "list_type": "Indiquez une liste.",
    "greater_than_equal": "Cette valeur est trop petite.",
    "less_than_equal": "Cette valeur est trop grande.",
    "greater_than": "Cette valeur est trop petite.",
    "less_than": "Cette valeur est trop grande.",
}


def validation_problem(errors: list[dict]) -> Problem:
    """Ninja's validation errors (pydantic) as one problem listing each field with a French message."""
    listed = []
    for error in errors:
        kind = error.get("type", "")
        message = _MESSAGES.get(kind) or "Valeur invalide."
        listed.append({"champ": _location(error.get("loc", ())), "message": message})
    return Problem(
        422, "Certaines valeurs sont invalides : voyez la liste des erreurs.", code="donnees-invalides", errors=listed
    )
