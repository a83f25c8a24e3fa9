"""The partner API, version 1 (django-ninja): OpenAPI 3.1 at /api/v1/openapi.json, documentation at /api/v1/docs."""

import logging

from django.db import transaction
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from logis.api import agreements, applications, offers
from logis.api.auth import KeyAuth
from logis.api.problems import CONTENT_TYPE, Problem, problem_response, validation_problem

logger = logging.getLogger(__name__)

DESCRIPTION = """
API de Logis pour les systèmes des partenaires : logiciels de gestion locative des bailleurs sociaux, SIRH des
employeurs.

**Authentification** : `Authorization: Bearer <clé>`. Une clé se crée dans l'espace de l'organisation, rubrique
« API et webhooks » ; elle n'est affichée qu'une fois. Chaque clé porte des droits (`offers:read`,
`offers:write`, `applications:read`, `applications:write`, `agreements:read`, `agreements:write`) et agit au nom
de la personne qui l'a créée, tant qu'elle a son rôle dans l'organisation.

**Erreurs** : au format RFC 9457 (`application/problem+json`), avec un message en français dans `detail`.

**Pagination** : par curseur. Chaque liste renvoie `next_cursor`, à passer en paramètre `cursor` pour la page
suivante (`null` à la fin).

**Idempotence** : envoyez un en-tête `Idempotency-Key` (jusqu'à 100 caractères, un par opération) avec chaque
POST. Une requête rejouée avec la même clé reçoit la première réponse, sans rien refaire.

**Limites** : un nombre de requêtes par minute et par clé ; au-delà, 429 avec `Retry-After`.

**Webhooks** : les adresses se déclarent dans l'espace de l'organisation. Chaque envoi est signé :
`Logis-Signature: t=<horodatage>,v1=<HMAC-SHA256 hexadécimal de "<t>.<corps>">`.
"""


class Utf8Renderer(JSONRenderer):
    """French text as it is (« é », not « \\u00e9 »), in UTF-8."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


class LogisAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The error responses are problem+json (RFC 9457): say so in the schema, as the answers do."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    for media_type in [name for name in content if name.startswith("application/json")]:
                        problem = str(status).startswith(("4", "5"))
                        content[CONTENT_TYPE if problem else "application/json"] = content.pop(media_type)
        return schema


api = LogisAPI(
    title="API Logis",
    version="1.0.0",
    description=DESCRIPTION,
    auth=KeyAuth(),
    renderer=Utf8Renderer(),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for module in (offers, applications, agreements):
    api.add_router("", module.router)


def _failed(request, problem: Problem):
    """An answer in error changes nothing: what the operation wrote before failing is rolled back."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    return problem_response(request, problem)


@api.exception_handler(Problem)
def _problem(request, exc: Problem):
    return _failed(request, exc)


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    return _failed(request, validation_problem(exc.errors))


@api.exception_handler(AuthenticationError)
def _authentication(request, exc):
    return _failed(
        request,
        Problem(401, "Ajoutez l'en-tête Authorization: Bearer <votre clé>.", headers={"WWW-Authenticate": "Bearer"}),
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _failed(request, Problem(404, "Cette ressource n'existe pas ou n'est pas à votre organisation."))


# What django-ninja says in English, as partners read it.
NINJA_MESSAGES = {
    "Cannot parse request body": "Le corps de la requête n'est pas un JSON valide : vérifiez sa syntaxe.",
    "Method not allowed": "Cette méthode n'est pas permise sur cette adresse.",
}


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = NINJA_MESSAGES.get(str(exc), "La requête n'a pas pu être traitée : vérifiez son format.")
    return _failed(request, Problem(exc.status_code, detail, code="requete-invalide"))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    logger.exception("API error on %s", request.path)
    return _failed(
        request,
        Problem(500, "Une erreur inattendue s'est produite ; l'équipe Logis est prévenue. Réessayez plus tard."),
    )
