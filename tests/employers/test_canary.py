"""The employer never reads an applicant's sensitive data.

Canary values are planted in every sensitive field of an applicant (the register's record and household, every
field of the imported demand that is not one of the few an employer may see, its snapshot, the application's
history, a row of every model of the documents app), then every page of the employer's space reachable from its
dashboard is fetched with the HR's session and scanned, as are the e-mails its HR receives. None may carry a
canary.
"""

import datetime as dt
import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.demands.models import Demand
from logis.employers import services
from logis.employers.models import Agreement
from logis.organizations.models import Organization
from tests.employers.helpers import save_information
from tests.factories import ApplicationFactory, RegisteredDemandFactory, RegisteredHouseholdMemberFactory

pytestmark = pytest.mark.django_db

# What an employer may read of the demand (name and e-mail come from the account).
EMPLOYER_MAY_SEE = {
    "id",
    "owner",
    "employer",
    "employer_name",
    "employer_siret",
    "matricule",
    "employment_start",
    "inform_employer",
    "information_completed_at",
}
CANARY_DATE = dt.date(2031, 7, 19)
SENSITIVE_WORDS = ("handicap", "violence", "invalidit", "revenu", "ressources mensuelles", "numéro unique")
HREF = re.compile(r"""(?:href|hx-get|action)=["']([^"']+)["']""")


class Canaries:
    def __init__(self):
        self.strings: list[str] = []
        self.numbers: list[str] = []
        self._next = 917_301

    def text(self, name: str, max_length: int | None = None) -> str:
        value = f"CANARY{name.upper().replace('_', '')}"
        if max_length and len(value) > max_length:
            value = f"Q{len(self.strings):0{max_length - 1}d}"[:max_length] if max_length > 3 else "QZX"[:max_length]
        self.strings.append(value)
        return value

    def number(self) -> int:
        self._next += 7
        self.numbers.append(str(self._next))
        return self._next


def _plant_in_demand(demand: Demand, canaries: Canaries) -> None:
    """A canary in every field of the demand an employer may not see, whatever fields the demand gains later."""
    for field in Demand._meta.concrete_fields:
        if field.name in EMPLOYER_MAY_SEE or field.is_relation or field.name == "numero_unique":
            continue
        if isinstance(field, models.BooleanField):
            value = True
        elif isinstance(field, models.JSONField):
            value = {"canary": canaries.text(f"json{field.name}")} if field.name == "snapshot" else None
            if value is None:
                value = [canaries.text(f"json{field.name}")]
        elif isinstance(field, models.DateTimeField):
            continue  # import and refresh times: not sensitive
        elif isinstance(field, models.DateField):
            if field.name == "expires_on":
                continue
            value = CANARY_DATE
        elif isinstance(field, models.IntegerField):
            if field.name == "household_size":
                continue
            value = canaries.number()
        elif isinstance(field, models.CharField | models.TextField):
            value = canaries.text(field.name, field.max_length)
        else:
            raise AssertionError(f"Plant a canary in Demand.{field.name} ({type(field).__name__})")
        setattr(demand, field.name, value)
    demand.snapshot = {
        "rfr_n2": canaries.number(),
        "reasons": ["violences", "handicap"],
        "applicant_has_disability": True,
        "accessibility_details": canaries.text("snapshotaccess"),
        "members": [{"first_name": canaries.text("snapshotmember"), "has_disability": True}],
        "monthly_resources": [{"code": "AAH", "amount": canaries.number()}],
        "address": canaries.text("snapshotaddress"),
    }
    demand.save()


def _plant_documents(demand: Demand, application, canaries: Canaries) -> int:
    """A row with canaries in every model of the documents app (pieces, versions, files) and of the access log
    (logis.audit), whatever they become: each field gets a canary or the object it points at. Returns how many rows
    were planted."""
    models_to_plant = []
    for label in ("documents", "audit"):
        try:
            models_to_plant += list(apps.get_app_config(label).get_models())
        except LookupError:
            continue
    created: dict[type, models.Model] = {}
    for model in models_to_plant:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation:
                target = field.related_model
                if target is Demand:
                    values[field.name] = demand
                elif target is get_user_model():
                    values[field.name] = demand.owner
                elif target is Application:
                    values[field.name] = application
                elif target in created:
                    values[field.name] = created[target]
                elif target is Organization:  # the recipient of a shared tenant file (issue #19)
                    values[field.name] = Organization.objects.create(
                        kind="agency", name=canaries.text(f"{model.__name__}{field.name}")
                    )
                elif not field.null:
                    raise AssertionError(f"Plant canaries in {model.__name__}.{field.name}")
            elif field.choices:
                values[field.name] = field.choices[0][0]
            elif isinstance(field, models.BooleanField):
                values[field.name] = True
            elif isinstance(field, models.DateTimeField):
                values[field.name] = timezone.now()
            elif isinstance(field, models.DateField):
                values[field.name] = CANARY_DATE
            elif isinstance(field, models.IntegerField):
                values[field.name] = canaries.number() % 30000
            elif isinstance(field, models.CharField | models.TextField):
                values[field.name] = canaries.text(f"{model.__name__}{field.name}", field.max_length)
            elif isinstance(field, models.JSONField):
                values[field.name] = [canaries.text(f"{model.__name__}{field.name}")]
        created[model] = model.objects.create(**values)
    return len(created)


@pytest.fixture
def planted(employee_demand, hr, django_capture_on_commit_callbacks, mailoutbox):
    canaries = Canaries()
    register = RegisteredDemandFactory(
        numero_unique=employee_demand.numero_unique,
        first_name="Sophie",
        last_name="Lambert",
        email=employee_demand.owner.email,
        nationality="HUE",
        residence_permit_expires_on=CANARY_DATE,
        birth_date=dt.date(1961, 2, 3),
        phone=canaries.text("phone", 20),
        address=canaries.text("address"),
        profession=canaries.text("profession"),
        rfr_n2=canaries.number(),
        rfr_n1=canaries.number(),
        monthly_resources=[
            {"code": "AAH", "amount": canaries.number()},
            {"code": "PINV", "amount": canaries.number()},
        ],
        current_rent=canaries.number(),
        reasons=["violences", "handicap", "expulsion"],
        accessibility_needed=True,
        accessibility_details=canaries.text("accessibility"),
        applicant_has_disability=True,
        max_rent=canaries.number(),
    )
    RegisteredHouseholdMemberFactory(
        demand=register,
        first_name=canaries.text("memberfirst"),
        last_name=canaries.text("memberlast"),
        has_disability=True,
        birth_date=dt.date(1962, 4, 5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        save_information(employee_demand, inform=True)
    employee_demand.refresh_from_db()
    _plant_in_demand(employee_demand, canaries)
    canaries.strings.append(employee_demand.numero_unique)
    application = ApplicationFactory(demand=employee_demand)
    TransitionLog.objects.create(
        application=application,
        transition="set_aside",
        from_state="submitted",
        to_state="submitted",
        at=application.created_at,
        comment=canaries.text("transitioncomment"),
    )
    _plant_documents(employee_demand, application, canaries)
    # The employee shares the application's step: the page then reads the application, and still nothing else.
    services.agreement_share_consent(demand=employee_demand, share=True, by=employee_demand.owner)
    return canaries


def _normalise(content: str) -> str:
    return html.unescape(content)


def _assert_clean(where: str, content: str, canaries: Canaries) -> None:
    page = _normalise(content)
    digits = re.sub(r"[\s\u00a0\u202f.,]", "", page)
    for value in canaries.strings:
        assert value not in page, f"{value} leaks on {where}"
    for number in canaries.numbers:
        assert number not in digits, f"{number} leaks on {where}"
    for shown in ("19/07/2031", "2031-07-19", "19 juillet 2031", "03/02/1961", "3 février 1961", "1961-02-03"):
        assert shown not in page, f"{shown} leaks on {where}"
    lowered = page.lower()
    for word in SENSITIVE_WORDS:
        assert word not in lowered, f"« {word} » appears on {where}"
    assert "/mon-dossier/" not in page, f"a link to the applicant's documents appears on {where}"


EMPLOYER_SPACE = ("/entreprise/",)
# The spaces of issue #9 that any signed-in person may reach: the crawl follows their links too.
SHARED_SPACES = ("/forum/", "/contact/", "/accompagnement/", "/notifications/")


def _crawl(client, start: str, spaces: tuple[str, ...] = EMPLOYER_SPACE) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque([start])
    while queue and len(seen) < 200:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        # 405: the action of a POST form, fetched by GET.
        assert response.status_code in (200, 302, 400, 404, 405), (url, response.status_code)
        if response.status_code == 302:
            queue.append(urljoin(url, response["Location"]))
            seen[url] = ""
            continue
        if not response.get("Content-Type", "").startswith("text/"):
            seen[url] = ""  # a download (a watermarked piece): no page to scan, no link to follow
            continue
        content = response.content.decode()
        seen[url] = content
        for link in HREF.findall(content):
            link = html.unescape(link)
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc or not parts.path.startswith(spaces):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_no_sensitive_value_reaches_any_page_of_the_employer(planted, hr_client, employee_demand):
    pages = _crawl(hr_client, reverse("employers:dashboard"))

    agreement = Agreement.objects.get(demand=employee_demand)
    detail = reverse("employers:agreement", args=[agreement.pk])
    assert detail in pages, sorted(pages)  # the crawl did reach the employee's request
    assert reverse("employers:agreements") in pages
    assert reverse("employers:priorities") in pages
    assert reverse("employers:team") in pages
    assert "Sophie Lambert" in _normalise(pages[detail])  # what the employer may see is there
    assert "Candidature envoyée au bailleur" in _normalise(pages[detail])
    for url, content in pages.items():
        _assert_clean(url, content, planted)
    # The HR's reading of the request is itself in the employee's access log, with the employer's name.
    from logis.audit.models import SensitiveRead

    reads = SensitiveRead.objects.filter(subject=employee_demand.owner, role="hr")
    assert reads.exists()
    assert set(reads.values_list("organization", flat=True)) == {agreement.employer.name}


def test_no_sensitive_value_reaches_the_emails_of_the_employers_hr(planted, mailoutbox, hr):
    to_hr = [message for message in mailoutbox if hr.email in message.to]
    assert to_hr
    for message in to_hr:
        _assert_clean(f"e-mail « {message.subject} »", f"{message.subject}\n{message.body}", planted)


def test_the_canary_scan_does_catch_a_leak(planted):
    """The scan itself must be able to fail: a page showing the planted income is caught."""
    leaking = f"<p>Revenu : {planted.numbers[0][:3]} {planted.numbers[0][3:]} €</p>"
    with pytest.raises(AssertionError, match="leaks on a leaking page"):
        _assert_clean("a leaking page", leaking, planted)


def test_no_sensitive_value_reaches_the_employer_through_the_api(planted, hr, employer, employee_demand, settings):
    """The partner API gives an employer's system what the HR pages show, and nothing else: its answers, its
    webhook payloads and its partner page are scanned like the pages."""
    from logis.api.models import WebhookDelivery
    from logis.api.services import api_key_create
    from tests.api.conftest import ApiClient

    secret = api_key_create(
        organization=employer, name="SIRH", scopes=["agreements:read", "agreements:write"], by=hr
    ).secret
    api = ApiClient(secret)
    agreement = Agreement.objects.get(demand=employee_demand)
    answers = {
        "/api/v1/agreements": api.get("/api/v1/agreements"),
        f"/api/v1/agreements/{agreement.pk}": api.get(f"/api/v1/agreements/{agreement.pk}"),
        "/api/v1/offers": api.get("/api/v1/offers"),
        "/api/v1/applications": api.get("/api/v1/applications"),
    }
    assert answers["/api/v1/agreements"].status_code == 200
    assert answers["/api/v1/agreements"].json()["items"][0]["employee_last_name"] == "Lambert"
    assert answers["/api/v1/applications"].status_code == 403
    for url, response in answers.items():
        _assert_clean(url, response.content.decode(), planted)
    for delivery in WebhookDelivery.objects.filter(endpoint__organization=employer):
        _assert_clean(f"webhook {delivery.event}", str(delivery.payload), planted)


# --- the people who help (issue #9): support cases, forum reports, contact tickets ---------------------------------

SERVICE_APPS = ("support", "contact", "forum", "notifications")
PUBLIC_MODELS = {"Category", "Thread", "Post"}  # the forum's public posts are public by design


def _plant_services(person, canaries: Canaries) -> dict[str, models.Model]:
    """A row with canaries in every field of every model of the support, contact desk, forum moderation and
    notification apps, whatever fields they gain later. Returns the rows by model name."""
    from tests.forum.factories import PostFactory

    created: dict[type, models.Model] = {}
    post = PostFactory(body="Un message public du forum.")
    for label in SERVICE_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model.__name__ in PUBLIC_MODELS:
                continue
            values = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or isinstance(field, models.UUIDField):
                    continue
                if field.is_relation:
                    target = field.related_model
                    if target is get_user_model():
                        values[field.name] = person
                    elif target in created:
                        values[field.name] = created[target]
                    elif target.__name__ == "Post":
                        values[field.name] = post
                    elif not field.null:
                        raise AssertionError(f"Plant canaries in {model.__name__}.{field.name}")
                elif field.choices:
                    values[field.name] = field.choices[0][0]
                elif isinstance(field, models.BooleanField):
                    values[field.name] = True
                elif isinstance(field, models.DateTimeField):
                    values[field.name] = timezone.now()
                elif isinstance(field, models.DateField):
                    values[field.name] = CANARY_DATE
                elif isinstance(field, models.IntegerField):
                    values[field.name] = canaries.number() % 30000
                elif isinstance(field, models.CharField | models.TextField):
                    values[field.name] = canaries.text(f"{model.__name__}{field.name}", field.max_length)
                elif isinstance(field, models.JSONField):
                    values[field.name] = {"canary": canaries.text(f"{model.__name__}{field.name}")}
            created[model] = model.objects.create(**values)
    return {model.__name__: row for model, row in created.items()}


def _assert_no_canary(where: str, content: str, canaries: Canaries) -> None:
    page = _normalise(content)
    digits = re.sub(r"[\s\u00a0\u202f.,]", "", page)
    for value in canaries.strings:
        assert value not in page, f"{value} leaks on {where}"
    for number in canaries.numbers:
        assert number not in digits, f"{number} leaks on {where}"


@pytest.fixture
def planted_services(employee_demand, django_capture_on_commit_callbacks):
    canaries = Canaries()
    with django_capture_on_commit_callbacks(execute=True):
        rows = _plant_services(employee_demand.owner, canaries)
    assert {"SupportCase", "PlanStep", "Contract", "CaseNote", "Ticket", "TicketMessage", "Report"} <= set(rows)
    return canaries, rows


def _direct_addresses(rows) -> list[str]:
    """The addresses of the planted objects in the spaces of their readers: an outsider must get a 404."""
    addresses = []
    if case := rows.get("SupportCase"):
        addresses += [f"/conseiller/accompagnement/{case.pk}/", "/conseiller/accompagnement/"]
    if contract := rows.get("Contract"):
        addresses.append(f"/accompagnement/contrats/{contract.pk}/pdf/")
    if ticket := rows.get("Ticket"):
        addresses += [f"/contact/equipe/{ticket.pk}/", "/contact/equipe/"]
    if report := rows.get("Report"):
        addresses += [f"/forum/moderation/signalements/{report.pk}/", "/forum/moderation/"]
    return addresses


def test_no_support_case_report_or_ticket_reaches_the_employer(planted_services, hr_client, hr, mailoutbox):
    canaries, rows = planted_services
    pages = _crawl(hr_client, reverse("employers:dashboard"), EMPLOYER_SPACE + SHARED_SPACES)
    assert reverse("forum:index") in pages  # the crawl did go beyond the employer's space
    for url, content in pages.items():
        _assert_no_canary(url, content, canaries)
    for address in _direct_addresses(rows):
        response = hr_client.get(address)
        assert response.status_code == 404, address
    for message in mailoutbox:
        if hr.email in message.to:
            _assert_no_canary(f"e-mail « {message.subject} »", f"{message.subject}\n{message.body}", canaries)


def test_no_support_case_report_or_ticket_reaches_the_landlord(planted_services, employee_demand, client):
    """The landlord instructs the application (it reads the file, by design), never the support, the reports or the
    tickets of the applicant."""
    from logis.organizations.models import Membership
    from tests.factories import MembershipFactory

    canaries, rows = planted_services
    application = ApplicationFactory(demand=employee_demand)
    agent = MembershipFactory(organization=application.offer.landlord, role=Membership.Role.AGENT).user
    client.force_login(agent)
    pages = _crawl(client, reverse("landlords:dashboard"), ("/bailleur/", *SHARED_SPACES))
    assert any(url.startswith("/bailleur/") and "candidat" in url for url in pages), sorted(pages)
    for url, content in pages.items():
        _assert_no_canary(url, content, canaries)
    for address in _direct_addresses(rows):
        assert client.get(address).status_code == 404, address


def test_the_services_canary_scan_does_catch_a_leak(planted_services):
    canaries, rows = planted_services
    with pytest.raises(AssertionError, match="leaks on a leaking page"):
        _assert_no_canary("a leaking page", f"<p>{rows['SupportCase'].account}</p>", canaries)


# --- the person's own data (issue #12): « Mes données » and « Qui a consulté mon dossier » ---------------------------


def _export_texts(client) -> dict[str, str]:
    """What a person downloads from « Mes données » (the JSON, the PDF's text) and reads in their access log."""
    import io

    from pypdf import PdfReader

    pdf = client.get(reverse("privacy:export_pdf"))
    assert pdf.status_code == 200
    return {
        "export JSON": client.get(reverse("privacy:export_json")).content.decode(),
        "export PDF": "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages),
        "Qui a consulté mon dossier": client.get(reverse("documents:access_log")).content.decode(),
        "Mes données": client.get(reverse("privacy:my_data")).content.decode(),
    }


def test_nobody_elses_export_or_access_log_holds_the_planted_values(planted, planted_services, hr, client):
    """Another applicant, and the HR who read the planted applicant's request: their exports and access logs carry
    none of the planted applicant's values (nor of their support case, tickets, forum reports, notifications)."""
    from django.test import Client

    canaries, _rows = planted_services
    other = ApplicationFactory().demand.owner
    for reader in (other, hr):
        reader_client = Client()
        reader_client.force_login(reader)
        for where, content in _export_texts(reader_client).items():
            _assert_no_canary(f"{where} of {reader.email}", content, planted)
            _assert_no_canary(f"{where} of {reader.email}", content, canaries)


def test_the_persons_own_export_holds_their_planted_values(planted, employee_demand, client):
    """The export is complete: every planted value of the person's demand, application history and access log is in
    it (the scan above could not pass by exporting nothing)."""
    client.force_login(employee_demand.owner)
    export = html.unescape(client.get(reverse("privacy:export_json")).content.decode())
    employee_demand.refresh_from_db()
    planted_demand = [
        getattr(employee_demand, field.name)
        for field in Demand._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.name not in EMPLOYER_MAY_SEE
        and str(getattr(employee_demand, field.name)).startswith(("CANARY", "Q"))
    ]
    assert planted_demand
    for value in [*planted_demand, "CANARYTRANSITIONCOMMENT", "CANARYSENSITIVEREADWHAT"]:
        assert value in export, value
