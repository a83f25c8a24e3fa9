"""The private side of the canary crawl (issue #19): an estate agency never reads a sensitive value of an applicant
(disability, domestic violence, the cotation, the social file's pieces, the register's record), nor any part of a
tenant file that was not shared with it.

Canaries are planted in every field of the demand that the tenant file does not show (the income exception of
domestic violence, the household's members, the accessibility need, the snapshot of the register...), in the
register's record, in the social file (an IBAN, a transition's comment), and a second applicant shares their file
with another agency. Every page of the agency's workspace reachable from its dashboard, and the shared file itself,
are fetched and scanned, as are the e-mails its members receive.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from logis.applications.models import TransitionLog
from logis.demands.models import Demand
from logis.documents import tenant_file
from logis.documents.services import Upload, piece_upload
from tests.documents import files
from tests.employers.test_canary import CANARY_DATE, HREF, Canaries, _crawl, _normalise
from tests.factories import (
    ApplicationFactory,
    DemandFactory,
    MembershipFactory,
    OfferFactory,
    OrganizationFactory,
    RegisteredDemandFactory,
    RegisteredHouseholdMemberFactory,
)

pytestmark = pytest.mark.django_db

# What the tenant file shows of the demand (logis.documents.tenant_file.tenant_file_of), and the fields that carry
# no personal fact (dates of import, validity).
TENANT_FILE_SHOWS = {"id", "owner", "employer", "employer_name", "employment_start", "monthly_resources"}
TENANT_FILE_SHOWS |= {"reference_income", "household_size", "imported_at", "refreshed_at", "expires_on"}
SENSITIVE_WORDS = ("handicap", "violence", "invalidit", "cotation", "numéro unique", "aah")


def _plant(demand: Demand, canaries: Canaries) -> None:
    from django.db import models

    for field in Demand._meta.concrete_fields:
        if field.name in TENANT_FILE_SHOWS or field.is_relation:
            continue
        if isinstance(field, models.BooleanField):
            value = True
        elif isinstance(field, models.JSONField):
            value = [canaries.text(f"json{field.name}")]
        elif isinstance(field, models.DateTimeField):
            continue
        elif isinstance(field, models.DateField):
            value = CANARY_DATE
        elif isinstance(field, models.IntegerField):
            value = canaries.number()
        elif isinstance(field, models.CharField | models.TextField):
            value = canaries.text(field.name, field.max_length)
        else:
            raise AssertionError(f"Plant a canary in Demand.{field.name}")
        setattr(demand, field.name, value)
    demand.income_exception = "violence"
    demand.snapshot = {"reasons": ["violences", "handicap"], "applicant_has_disability": True}
    demand.household = [{"first_name": canaries.text("memberfirst"), "has_disability": True}]
    demand.save()
    canaries.strings.append(demand.numero_unique)


def _assert_clean(where: str, content: str, canaries: Canaries) -> None:
    page = _normalise(content)
    digits = re.sub(r"[\s\u00a0\u202f.,]", "", page)
    for value in canaries.strings:
        assert value not in page, f"{value} leaks on {where}"
    for number in canaries.numbers:
        assert number not in digits, f"{number} leaks on {where}"
    for shown in ("19/07/2031", "2031-07-19", "19 juillet 2031", "3 février 1961", "03/02/1961"):
        assert shown not in page, f"{shown} leaks on {where}"
    lowered = page.lower()
    for word in SENSITIVE_WORDS:
        assert not re.search(rf"\b{re.escape(word)}", lowered), f"« {word} » appears on {where}"
    assert "/mon-dossier/" not in page, f"a link to the applicant's social file appears on {where}"


@pytest.fixture
def agency(db):
    return OrganizationFactory(agency=True, name="Agence des Terreaux")


@pytest.fixture
def agent(agency):
    return MembershipFactory(organization=agency, user__last_name="Moreau").user


@pytest.fixture
def planted(agency, agent, django_capture_on_commit_callbacks, mailoutbox):
    canaries = Canaries()
    offer = OfferFactory(private=True, landlord=agency, title="T2 de l'agence")
    # The applicant who shares their file with this agency.
    sharing = DemandFactory(with_information=True, owner__first_name="Sophie", owner__last_name="Lambert")
    RegisteredHouseholdMemberFactory(
        demand=RegisteredDemandFactory(
            numero_unique=sharing.numero_unique,
            applicant_has_disability=True,
            accessibility_details=canaries.text("accessibility"),
            birth_date=dt.date(1961, 2, 3),
            reasons=["violences", "handicap"],
        ),
        first_name=canaries.text("registermember"),
        has_disability=True,
    )
    _plant(sharing, canaries)
    ApplicationFactory(demand=sharing, offer=offer)
    # The social side of the same applicant: an application to a social landlord, with its history.
    social = ApplicationFactory(demand=sharing)
    TransitionLog.objects.create(
        application=social,
        transition="submit",
        from_state="",
        to_state="submitted",
        at=social.created_at,
        comment=canaries.text("transitioncomment"),
    )
    piece_upload(
        demand=sharing,
        kind="bank_details",
        uploads=[Upload("rib.pdf", files.text_pdf("RIB"))],
        iban="FR7630006000011234567890189",
        by=sharing.owner,
    )
    canaries.strings.append("FR7630006000011234567890189")
    piece_upload(
        demand=sharing, kind="payslips", uploads=[Upload("bulletin.pdf", files.text_pdf("B"))], by=sharing.owner
    )
    # The applicant who applied but shared their file with another agency only.
    other = DemandFactory(with_information=True, owner__first_name="Noé", owner__last_name="Girard")
    other.monthly_resources = canaries.number()
    other.reference_income = canaries.number()
    other.employer_name = canaries.text("otheremployer")
    other.save()
    ApplicationFactory(demand=other, offer=offer)
    elsewhere = OrganizationFactory(agency=True, name="Immobilière du Parc")
    ApplicationFactory(demand=other, offer=OfferFactory(private=True, landlord=elsewhere))
    with django_capture_on_commit_callbacks(execute=True):
        mine = tenant_file.tenant_file_share(demand=sharing, organization=agency, by=sharing.owner)
        theirs = tenant_file.tenant_file_share(demand=other, organization=elsewhere, by=other.owner)
    canaries.strings.append(theirs.path)
    return canaries, mine, theirs


def test_no_sensitive_value_nor_unshared_file_reaches_any_page_of_the_agency(planted, agent, client):
    canaries, mine, theirs = planted
    client.force_login(agent)

    pages = _crawl(client, reverse("landlords:dashboard"), spaces=("/bailleur/", "/dossier-locataire/"))
    pages[mine.path] = client.get(mine.path).content.decode()

    received = reverse("tenant_files:received", args=[mine.share.pk])
    assert received in pages, sorted(pages)  # the crawl reached the shared file from the candidates page
    shared = _normalise(pages[received])
    assert "Sophie Lambert" in shared
    assert "Dossier locataire transmis à Agence des Terreaux" in shared
    assert "Bulletins de salaire récents" in shared  # what was shared is there
    assert "Noé Girard" in _normalise("".join(pages.values()))  # the other candidate is listed, nothing more
    for url, content in pages.items():
        _assert_clean(url, content, canaries)
    # The other applicant's file, shared with another agency: refused, and none of it shown.
    forwarded = client.get(theirs.path)
    assert forwarded.status_code == 404
    _assert_clean(theirs.path, forwarded.content.decode(), canaries)
    assert client.get(reverse("tenant_files:received", args=[theirs.share.pk])).status_code == 404


def test_no_sensitive_value_reaches_the_emails_of_the_agency(planted, agent, mailoutbox):
    canaries, mine, _theirs = planted
    to_agency = [message for message in mailoutbox if agent.email in message.to]
    assert to_agency
    for message in to_agency:
        _assert_clean(f"e-mail « {message.subject} »", f"{message.subject}\n{message.body}", canaries)


def test_the_private_canary_scan_does_catch_a_leak(planted):
    canaries, _mine, _theirs = planted
    with pytest.raises(AssertionError, match="appears on a leaking page"):
        _assert_clean("a leaking page", "<p>Situation de handicap</p>", canaries)
    with pytest.raises(AssertionError, match="leaks on a leaking page"):
        _assert_clean("a leaking page", f"<p>{canaries.strings[0]}</p>", canaries)


def test_the_crawl_link_pattern_is_the_one_of_the_employers_crawl():
    assert HREF.findall('<a href="/bailleur/">x</a>') == ["/bailleur/"]
