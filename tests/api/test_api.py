"""The partner API as a landlord's or employer's system uses it: keys and scopes, scoping, errors, pagination,
writes through the same services as the pages, idempotency, limits, the log of calls."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from logis.api.models import ApiCall, ApiKey, IdempotentRequest
from logis.api.services import api_key_create, api_key_revoke, api_key_rotate
from logis.applications import reasons
from logis.applications.models import Application, TransitionLog
from logis.audit.models import SensitiveRead
from logis.employers.models import Agreement
from logis.offers.models import Offer
from logis.organizations.models import Membership
from tests.api.conftest import ApiClient
from tests.factories import ApplicationFactory, CommuneFactory, DemandFactory, OfferFactory
from tests.offers.factories import home_to_buy

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


def offer_payload(place, **changes):
    data = {
        "title": "T3 avec balcon",
        "financing": "PLUS",
        "kind": "flat",
        "typology": "T3",
        "rooms": 3,
        "bedrooms": 2,
        "surface": "64.5",
        "rent": 520,
        "charges": 95,
        "address": "5 avenue des Tilleuls",
        "commune": place.insee,
        "available_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "energy_class": "C",
    }
    data.update(changes)
    return data


# --- authentication and scopes ------------------------------------------------------------------------------


def test_a_call_without_a_key_gets_a_french_problem_with_www_authenticate():
    response = ApiClient(None).get("/api/v1/offers")
    body = problem(response, 401)
    assert "Authorization" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_revoked_or_expired_key_is_refused(landlord, agent, landlord_key):
    assert ApiClient("logis_deadbeef_nope").get("/api/v1/offers").status_code == 401
    api_key_revoke(key=landlord_key.key, by=agent)
    assert problem(ApiClient(landlord_key.secret).get("/api/v1/offers"), 401)["detail"].startswith("Cette clé")
    expired = api_key_create(organization=landlord, name="Vieille", scopes=["offers:read"], by=agent)
    ApiKey.objects.filter(pk=expired.key.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert ApiClient(expired.secret).get("/api/v1/offers").status_code == 401


def test_a_key_stops_when_its_creator_leaves_the_organisation(agent, landlord_key):
    assert ApiClient(landlord_key.secret).get("/api/v1/offers").status_code == 200
    Membership.objects.filter(user=agent).update(is_active=False)
    assert ApiClient(landlord_key.secret).get("/api/v1/offers").status_code == 401


def test_the_secret_is_stored_hashed_and_shown_once(landlord_key):
    stored = ApiKey.objects.get(pk=landlord_key.key.pk)
    assert landlord_key.secret not in json.dumps([stored.digest, stored.prefix, stored.name])
    assert landlord_key.secret.startswith(f"logis_{stored.prefix}_")


def test_a_key_without_the_scope_gets_403(landlord, agent):
    reader = api_key_create(organization=landlord, name="Lecture", scopes=["offers:read"], by=agent)
    client = ApiClient(reader.secret)
    assert client.get("/api/v1/offers").status_code == 200
    body = problem(client.post("/api/v1/offers", {}), 403)
    assert "offers:write" in body["detail"]
    assert problem(client.get("/api/v1/applications"), 403)["type"].endswith("droit-manquant")


def test_an_employer_key_cannot_be_given_landlord_scopes(employer, hr_member):
    from logis.api.exceptions import ApiSettingsError

    with pytest.raises(ApiSettingsError, match="ne s'applique pas"):
        api_key_create(organization=employer, name="SIRH", scopes=["offers:write"], by=hr_member)


def test_rotation_gives_a_new_secret_and_keeps_the_old_one_for_a_day(agent, landlord_key):
    new = api_key_rotate(key=landlord_key.key, by=agent)
    assert new.secret != landlord_key.secret
    assert new.key.scopes == landlord_key.key.scopes
    old = ApiKey.objects.get(pk=landlord_key.key.pk)
    assert dt.timedelta(hours=23) < old.expires_at - timezone.now() <= dt.timedelta(hours=24)
    assert ApiClient(landlord_key.secret).get("/api/v1/offers").status_code == 200
    assert ApiClient(new.secret).get("/api/v1/offers").status_code == 200


# --- offers -------------------------------------------------------------------------------------------------


def test_a_landlord_lists_only_its_offers_page_by_page(api, landlord, other_landlord):
    mine = {OfferFactory(landlord=landlord).pk for _ in range(7)}
    OfferFactory(landlord=other_landlord)
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = api.get("/api/v1/offers", **params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(mine)
    assert len(seen) == len(set(seen))


def test_another_landlord_s_offer_and_applications_are_404(api, other_landlord):
    theirs = OfferFactory(landlord=other_landlord)
    application = ApplicationFactory(offer=theirs)
    assert problem(api.get(f"/api/v1/offers/{theirs.pk}"), 404)
    assert problem(api.get(f"/api/v1/applications/{application.pk}"), 404)
    assert problem(api.get(f"/api/v1/offers/{theirs.pk}/applications"), 404)
    assert problem(api.post(f"/api/v1/applications/{application.pk}/transitions", {"action": "validate"}), 404)
    assert problem(api.patch(f"/api/v1/offers/{theirs.pk}", {"rent": 1}), 404)
    assert api.get("/api/v1/applications").json()["items"] == []


def test_a_bad_cursor_is_a_400_not_a_crash(api):
    assert "curseur" in problem(api.get("/api/v1/offers", cursor="%%%"), 400)["detail"]
    assert problem(api.get("/api/v1/offers", cursor="eyJhZnRlciI6ICJ4In0"), 400)


def test_creating_an_offer_goes_through_the_workspace_rules(api, landlord):
    commune = CommuneFactory()
    response = api.post("/api/v1/offers", offer_payload(commune, publish=True))
    assert response.status_code == 201, response.content
    body = response.json()
    offer = Offer.objects.get(pk=body["id"])
    assert offer.landlord == landlord
    assert offer.status == Offer.Status.PUBLISHED
    assert body["commune"] == commune.insee
    assert body["rent"] == 520.0
    assert body["url"].endswith(f"/offres/{offer.pk}/")


def sale_payload(place, **changes):
    data = {
        "title": "T3 en location-accession",
        "accession": "PSLA",
        "kind": "flat",
        "typology": "T3",
        "rooms": 3,
        "bedrooms": 2,
        "surface": "66",
        "price": 212000,
        "charges": 85,
        "psla_fee": 790,
        "psla_acquisitive_part": 190,
        "psla_rental_months": 24,
        "address": "8 rue Garibaldi",
        "commune": place.insee,
        "available_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "energy_class": "B",
    }
    data.update(changes)
    return data


def test_a_landlord_publishes_a_home_to_buy_through_the_api_with_the_workspace_rules(api, landlord):
    commune = CommuneFactory()
    response = api.post("/api/v1/offers/sales", sale_payload(commune, publish=True))
    assert response.status_code == 201, response.content
    body = response.json()
    home = Offer.objects.get(pk=body["id"])
    assert (home.landlord, home.status, home.accession, home.rent, home.financing) == (
        landlord,
        Offer.Status.PUBLISHED,
        "PSLA",
        0,
        "",
    )
    assert (body["accession"], body["price"], body["psla_rental_months"]) == ("PSLA", 212000.0, 24)
    assert api.get(f"/api/v1/offers/{home.pk}").json()["price"] == 212000.0


def test_a_home_to_buy_missing_its_kinds_terms_is_refused_in_french_and_nothing_is_created(api):
    commune = CommuneFactory()
    body = problem(api.post("/api/v1/offers/sales", sale_payload(commune, accession="BRS")), 422)
    assert any(error["champ"] == "land_fee" and "redevance foncière" in error["message"] for error in body["errors"])
    body = problem(api.post("/api/v1/offers/sales", sale_payload(commune, price=0)), 422)
    assert any(error["champ"] == "price" for error in body["errors"])
    body = problem(api.post("/api/v1/offers/sales", sale_payload(commune, rent=500)), 422)  # no rent on a sale
    assert not Offer.objects.exists()


def test_a_rental_offer_payload_lists_rentals_and_sales_apart(api, landlord):
    commune = CommuneFactory()
    api.post("/api/v1/offers", offer_payload(commune))
    api.post("/api/v1/offers/sales", sale_payload(commune))
    kinds = sorted(item["accession"] for item in api.get("/api/v1/offers").json()["items"])
    assert kinds == ["", "PSLA"]


def test_an_invalid_offer_lists_each_error_in_french_and_creates_nothing(api):
    commune = CommuneFactory()
    body = problem(api.post("/api/v1/offers", offer_payload(commune, typology="T5")), 422)
    assert any(error["champ"] == "typology" and "T3" in error["message"] for error in body["errors"])
    body = problem(api.post("/api/v1/offers", offer_payload(commune, commune="99999")), 422)
    assert body["errors"][0]["champ"] == "commune"
    body = problem(api.post("/api/v1/offers", {"title": ""}), 422)
    assert {error["champ"] for error in body["errors"]} >= {"financing", "rent", "commune"}
    assert "JSON" in problem(api.post("/api/v1/offers", raw="{not json"), 400)["detail"]
    assert problem(api.post("/api/v1/offers", offer_payload(commune, unknown=1)), 422)
    assert not Offer.objects.exists()


def test_a_home_to_buy_is_listed_but_not_edited_through_the_rental_fields_of_the_api(api, landlord):
    home = home_to_buy(CommuneFactory(), "BRS", landlord=landlord)
    assert problem(api.patch(f"/api/v1/offers/{home.pk}", {"rent": 610}), 409)["detail"].startswith(
        "Cette offre est un logement à vendre"
    )
    home.refresh_from_db()
    assert (home.rent, home.financing, home.accession) == (0, "", "BRS")


def test_updating_and_closing_an_offer(api, landlord):
    offer = OfferFactory(landlord=landlord)
    body = api.patch(f"/api/v1/offers/{offer.pk}", {"rent": 610, "description": "Refait à neuf."}).json()
    assert body["rent"] == 610.0
    assert body["description"] == "Refait à neuf."
    assert problem(api.patch(f"/api/v1/offers/{offer.pk}", {"rooms": 5}), 422)  # a T3 with 5 rooms
    assert problem(api.patch(f"/api/v1/offers/{offer.pk}", {"rent": None}), 422)
    assert api.post(f"/api/v1/offers/{offer.pk}/status", {"action": "suspend"}).json()["status"] == "suspended"
    assert api.post(f"/api/v1/offers/{offer.pk}/status", {"action": "close"}).json()["status"] == "closed"
    assert "clôturée" in problem(api.patch(f"/api/v1/offers/{offer.pk}", {"rent": 500}), 409)["detail"]


def test_an_offer_with_files_in_progress_does_not_close(api, landlord):
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord))
    body = problem(api.post(f"/api/v1/offers/{application.offer_id}/status", {"action": "close"}), 409)
    assert "en cours" in body["detail"]


# --- applications -------------------------------------------------------------------------------------------


def test_the_ranking_gives_rank_and_score_breakdown_and_is_audited(api, landlord, landlord_key):
    offer = OfferFactory(landlord=landlord)
    applications = [ApplicationFactory(offer=offer) for _ in range(3)]
    body = api.get(f"/api/v1/offers/{offer.pk}/applications").json()
    assert [item["rank"] for item in body["items"]] == [1, 2, 3]
    assert {item["id"] for item in body["items"]} == {a.pk for a in applications}
    first = body["items"][0]
    assert first["ranked_count"] == 3
    assert sum(line["points"] for line in first["score"]["breakdown"]) == first["score"]["total"]
    assert "validate" in first["actions"]
    reads = SensitiveRead.objects.filter(application__in=applications)
    assert reads.count() == 3
    assert all("API" in read.what and landlord_key.key.name in read.what for read in reads)
    assert set(reads.values_list("organization", flat=True)) == {landlord.name}


def test_a_transition_applies_the_table_as_the_agent_who_owns_the_key(api, agent, landlord):
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord))
    body = api.post(f"/api/v1/applications/{application.pk}/transitions", {"action": "validate"}).json()
    assert body["state"] == "validated"
    log = TransitionLog.objects.filter(application=application).latest("pk")
    assert (log.transition, log.by) == ("validate", agent)
    again = problem(api.post(f"/api/v1/applications/{application.pk}/transitions", {"action": "validate"}), 409)
    assert "impossible" in again["detail"]
    url = f"/api/v1/applications/{application.pk}/transitions"
    assert "raison" in problem(api.post(url, {"action": "set_aside"}), 409)["detail"].lower()
    no_category = {"action": "set_aside", "comment": "Le logement est trop petit."}
    assert "catégorie du motif" in problem(api.post(url, no_category), 409)["detail"]
    application.refresh_from_db()
    assert application.state == "validated"
    assert problem(api.post(f"/api/v1/applications/{application.pk}/transitions", {"action": "accept"}), 422)
    code = reasons.choices_for("set_aside")[0][0]
    set_aside = {"action": "set_aside", "reason_category": code, "comment": "Le logement est trop petit."}
    body = api.post(f"/api/v1/applications/{application.pk}/transitions", set_aside).json()
    assert body["state"] == "set_aside"
    assert TransitionLog.objects.filter(application=application).latest("pk").reason_category == code


def test_a_visit_and_a_lease_through_the_api(api, landlord):
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord), accepted_by_the_applicant=True)
    when = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    assert problem(api.post(f"/api/v1/applications/{application.pk}/visit", {"at": "2020-01-01T10:00:00+01:00"}), 409)
    body = api.post(f"/api/v1/applications/{application.pk}/visit", {"at": when.isoformat()}).json()
    assert body["state"] == "visit_scheduled"
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert problem(api.post(f"/api/v1/applications/{application.pk}/lease", {"signed_on": future}), 422)


# --- employers ----------------------------------------------------------------------------------------------


def test_an_employer_lists_and_answers_its_employees_requests(employer_api, employer, hr_member):
    mine = Agreement.objects.create(
        demand=DemandFactory(with_information=True, employer=employer),
        handler="employer",
        employer=employer,
        requested_at=timezone.now(),
    )
    Agreement.objects.create(
        demand=DemandFactory(with_information=True), handler="advisor", requested_at=timezone.now()
    )
    body = employer_api.get("/api/v1/agreements", status="pending").json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert set(body["items"][0]) >= {"employee_last_name", "matricule", "employment_start"}
    assert problem(employer_api.post(f"/api/v1/agreements/{mine.pk}/decision", {"decision": "refused"}), 409)
    answered = employer_api.post(f"/api/v1/agreements/{mine.pk}/decision", {"decision": "given"}).json()
    assert answered["status"] == "given"
    mine.refresh_from_db()
    assert mine.decided_by == hr_member
    assert problem(employer_api.get("/api/v1/offers"), 403)


# --- writes safe to retry, limits, log ----------------------------------------------------------------------


def test_a_replayed_post_gets_the_first_answer_and_creates_one_offer(api):
    commune = CommuneFactory()
    first = api.post("/api/v1/offers", offer_payload(commune), idempotency_key="creation-42")
    replay = api.post("/api/v1/offers", offer_payload(commune), idempotency_key="creation-42")
    assert first.status_code == replay.status_code == 201
    assert replay.content == first.content
    assert replay["Idempotent-Replayed"] == "true"
    assert Offer.objects.count() == 1
    other = api.post("/api/v1/offers", offer_payload(commune, rent=700), idempotency_key="creation-42")
    assert "autre requête" in problem(other, 422)["detail"]
    assert Offer.objects.count() == 1


@pytest.mark.parametrize("key", ["creation\x0042", "creation\x1b[31m", "ligne\nsuivante"])
def test_an_idempotency_key_with_control_characters_is_refused_and_the_call_logged(api, key):
    """A NUL byte cannot be stored (PostgreSQL), and no control character belongs in a key (found by the fuzz)."""
    response = api.post("/api/v1/offers", offer_payload(CommuneFactory()), idempotency_key=key)
    assert "caractères imprimables" in problem(response, 400)["detail"]
    assert Offer.objects.count() == 0
    assert IdempotentRequest.objects.count() == 0
    logged = ApiCall.objects.get()
    assert logged.status == 400
    assert logged.idempotency_key.isprintable()


def test_a_nul_character_in_a_query_or_a_body_is_refused_with_what_to_do(api):
    """PostgreSQL can neither store nor compare a NUL character (found by tests/security/test_fuzz_api.py)."""
    assert "caractère nul" in problem(api.get("/api/v1/offers", commune="\x00"), 400)["detail"]
    body = offer_payload(CommuneFactory()) | {"title": "T2\x00lumineux"}
    assert "caractère nul" in problem(api.post("/api/v1/offers", body), 400)["detail"]
    assert Offer.objects.count() == 0
    assert api.get("/api/v1/offers", commune="Lyon").status_code == 200


def test_a_key_over_its_limit_gets_429_with_retry_after(api, settings):
    settings.LOGIS_API_RATE_LIMIT = "3/60"
    statuses = [api.get("/api/v1/offers").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    response = api.get("/api/v1/offers")
    body = problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "réessayez" in body["detail"]


def test_every_call_is_logged_with_its_key(api, landlord_key):
    api.get("/api/v1/offers")
    api.get("/api/v1/offers/999999")
    calls = list(ApiCall.objects.order_by("pk").values_list("key_id", "method", "path", "status"))
    assert calls == [
        (landlord_key.key.pk, "GET", "/api/v1/offers", 200),
        (landlord_key.key.pk, "GET", "/api/v1/offers/999999", 404),
    ]
    ApiClient(None).get("/api/v1/offers")
    assert ApiCall.objects.filter(key=None, status=401).count() == 1


def test_unknown_addresses_of_the_api_answer_a_problem():
    body = problem(ApiClient(None).get("/api/v1/nope"), 404)
    assert "/api/v1/docs" in body["detail"]


def test_the_schema_is_openapi_3_1_with_problem_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"]["/api/v1/offers"]["get"]
    assert "application/problem+json" in operation["responses"]["404"]["content"]
    assert client.get("/api/v1/docs").status_code == 200


def test_idempotency_records_belong_to_one_key(api, other_api):
    commune = CommuneFactory()
    api.post("/api/v1/offers", offer_payload(commune), idempotency_key="same")
    response = other_api.post("/api/v1/offers", offer_payload(commune), idempotency_key="same")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert IdempotentRequest.objects.count() == 2
    assert Application.objects.count() == 0


def test_validated_files_go_on_the_agenda_of_an_open_session(api, landlord, other_landlord):
    from tests.commission.factories import CommissionSessionFactory

    offer = OfferFactory(landlord=landlord)
    files = [ApplicationFactory(offer=offer, validated_by_landlord=True) for _ in range(3)]
    session = CommissionSessionFactory(landlord=landlord)
    theirs = CommissionSessionFactory(landlord=other_landlord)
    sessions = api.get("/api/v1/sessions").json()
    assert [s["id"] for s in sessions] == [session.pk]
    payload = {"session_id": theirs.pk, "application_ids": [f.pk for f in files]}
    assert problem(api.post(f"/api/v1/offers/{offer.pk}/agenda", payload), 404)
    two = {"session_id": session.pk, "application_ids": [files[0].pk, files[1].pk]}
    assert "au moins 3 candidats" in problem(api.post(f"/api/v1/offers/{offer.pk}/agenda", two), 409)["detail"]
    assert {a.state for a in Application.objects.filter(offer=offer)} == {"validated"}
    body = api.post(f"/api/v1/offers/{offer.pk}/agenda", {**payload, "session_id": session.pk}).json()
    assert {item["state"] for item in body} == {"in_commission"}
    unscheduled = api.post(f"/api/v1/applications/{files[0].pk}/transitions", {"action": "unschedule"}).json()
    assert unscheduled["state"] == "validated"
