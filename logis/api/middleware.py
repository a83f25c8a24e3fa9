"""Around every call of the API: the access log (one row per call, with the key) and idempotent POSTs.

A POST sent with an `Idempotency-Key` header runs once: its answer is stored in the same transaction as what it
wrote, and a replay (same key, same method, path and body) gets that first answer again, with the header
`Idempotent-Replayed: true`. The same Idempotency-Key with another request is refused (422); a replay that arrives
while the first is still running waits for nothing and gets 409 with Retry-After.
"""

import hashlib
import json
import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from logis.api.models import ApiCall, ApiKey, IdempotentRequest
from logis.api.problems import Problem, problem_response
from logis.api.services import digest_of, may_act_for

PREFIX = "/api/v1/"
MAX_IDEMPOTENCY_KEY = 100


def _key_id(request) -> int | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return ApiKey.objects.filter(digest=digest_of(token.strip())).values_list("pk", flat=True).first()


def _usable(key_id: int | None) -> bool:
    """A replay is answered only to a key that may still call (else the view answers 401 as usual)."""
    if key_id is None:
        return False
    key = ApiKey.objects.usable().select_related("organization", "created_by").filter(pk=key_id).first()
    return key is not None and may_act_for(key.created_by, key.organization)


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() + b" " + request.get_full_path().encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _nul_refusal(request) -> Problem | None:
    """A NUL character cannot be stored or even compared by PostgreSQL: refused wherever it is sent (found by the
    fuzz, tests/security/test_fuzz_api.py)."""
    in_query = any(_holds_nul(name) or _holds_nul(values) for name, values in request.GET.lists())
    body = request.body if request.method in {"POST", "PUT", "PATCH"} else b""
    in_body = False
    if b"\\u0000" in body or b"\x00" in body:
        try:
            in_body = _holds_nul(json.loads(body))
        except ValueError:  # not JSON: the view says so
            in_body = False
    if not (in_query or in_body or "\x00" in request.path):
        return None
    return Problem(
        400,
        "La requête contient le caractère nul (\\u0000), qu'aucune valeur ne peut contenir : retirez-le.",
        code="requete-invalide",
    )


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        key_id = _key_id(request)
        idempotency_key = request.headers.get("Idempotency-Key", "").strip()
        refusal = _nul_refusal(request)
        if refusal is not None:
            response = problem_response(request, refusal)
        elif request.method == "POST" and idempotency_key and not idempotency_key.isprintable():
            # Control characters (a NUL byte cannot even be stored): refused before anything is looked up.
            response = problem_response(
                request,
                Problem(
                    400,
                    "L'en-tête Idempotency-Key ne doit contenir que des caractères imprimables (lettres, chiffres, "
                    "tirets) : un identifiant unique par opération, par exemple un UUID.",
                    code="idempotence",
                ),
            )
        elif request.method == "POST" and idempotency_key and _usable(key_id):
            response = self._idempotent(request, key_id, idempotency_key)
        else:
            response = self.get_response(request)
        ApiCall.objects.create(
            key_id=key_id,
            at=timezone.now(),
            method=request.method[:8],
            path=request.get_full_path()[:300],
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            idempotency_key="".join(char for char in idempotency_key if char.isprintable())[:MAX_IDEMPOTENCY_KEY],
        )
        return response

    def _idempotent(self, request, key_id: int, idempotency_key: str) -> HttpResponse:
        if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
            return problem_response(
                request,
                Problem(
                    400, f"L'en-tête Idempotency-Key dépasse {MAX_IDEMPOTENCY_KEY} caractères.", code="idempotence"
                ),
            )
        fingerprint = _fingerprint(request)
        record = IdempotentRequest.objects.filter(key_id=key_id, idempotency_key=idempotency_key).first()
        if record is not None:
            return self._answer_from(request, record, fingerprint)
        lock = f"api:idempotency:{key_id}:{hashlib.sha256(idempotency_key.encode()).hexdigest()}"
        if not cache.add(lock, 1, timeout=60):
            return problem_response(
                request,
                Problem(
                    409,
                    "Une requête avec cette clé d'idempotence est en cours : réessayez dans un instant.",
                    code="idempotence-en-cours",
                    headers={"Retry-After": "2"},
                ),
            )
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code < 500 and response.status_code not in {401, 429}:
                    try:
                        with transaction.atomic():
                            IdempotentRequest.objects.create(
                                key_id=key_id,
                                idempotency_key=idempotency_key,
                                method=request.method,
                                path=request.path[:300],
                                fingerprint=fingerprint,
                                status=response.status_code,
                                body=response.content,
                                content_type=response.get("Content-Type", "application/json"),
                            )
                    except IntegrityError:  # stored by a request that raced past the lock: keep the first answer
                        pass
        finally:
            cache.delete(lock)
        return response

    def _answer_from(self, request, record: IdempotentRequest, fingerprint: str) -> HttpResponse:
        if record.fingerprint != fingerprint:
            return problem_response(
                request,
                Problem(
                    422,
                    "Cette clé d'idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé pour "
                    "chaque opération.",
                    code="idempotence-reutilisee",
                ),
            )
        return _replay(record)
