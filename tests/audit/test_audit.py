"""Every read of a person's sensitive data writes one append-only row; the person sees them, grouped."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from logis.audit.models import AppendOnlyError, Purpose, SensitiveRead
from logis.audit.services import audit_purge, reads_grouped, record_read, record_reads
from logis.commission.services import agenda_add
from logis.employers.models import Agreement
from logis.organizations.models import Membership, Organization
from tests.commission.factories import CommissionSessionFactory
from tests.employers.helpers import save_information
from tests.factories import (
    ApplicationFactory,
    DemandFactory,
    MembershipFactory,
    OfferFactory,
    OrganizationFactory,
    RegisteredDemandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(db):
    return OfferFactory(reference="LYON-T3-12")


@pytest.fixture
def agent(offer):
    return MembershipFactory(organization=offer.landlord, user__first_name="Alex", user__last_name="Bailleur").user


@pytest.fixture
def application(offer):
    return ApplicationFactory(offer=offer, demand__owner__first_name="Camille")


def _rows(**filters):
    return list(SensitiveRead.objects.filter(**filters).order_by("pk"))


def test_the_landlord_application_page_writes_one_row(client, agent, application, offer):
    client.force_login(agent)
    assert client.get(reverse("landlords:application", args=[application.pk])).status_code == 200

    [row] = _rows()
    assert (row.actor, row.subject, row.application) == (agent, application.demand.owner, application)
    assert (row.role, row.purpose, row.organization) == ("landlord_agent", "instruction", offer.landlord.name)
    assert row.numero_unique == application.demand.numero_unique
    assert row.path == reverse("landlords:application", args=[application.pk])
    assert "revenus" in row.what


def test_the_ranking_writes_one_row_per_applicant_shown_in_one_insert(client, agent, offer):
    applications = [ApplicationFactory(offer=offer) for _ in range(4)]
    client.force_login(agent)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("landlords:offer_applicants", args=[offer.pk])).status_code == 200

    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_sensitiveread"')]
    assert len(inserts) == 1
    assert {row.application_id for row in _rows()} == {a.pk for a in applications}


def test_another_landlords_agent_is_refused_and_nothing_is_recorded(client, application):
    stranger = MembershipFactory(organization=OfferFactory().landlord).user
    client.force_login(stranger)
    assert client.get(reverse("landlords:application", args=[application.pk])).status_code == 404
    assert not SensitiveRead.objects.exists()


def test_the_commission_session_and_its_minutes_record_each_candidate(client, agent, offer):
    member = MembershipFactory(organization=offer.landlord, role=Membership.Role.COMMISSION).user
    session = CommissionSessionFactory(landlord=offer.landlord)
    session.members.set(member.memberships.all())
    validated = [ApplicationFactory(offer=offer, state="validated") for _ in range(3)]
    agenda_add(session=session, offer=offer, applications=validated, by=agent)
    client.force_login(member)

    for name in ("commission:session", "commission:minutes", "commission:minutes_pdf"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 200

    rows = _rows()
    assert len(rows) == 3 * len(validated)
    assert {(r.role, r.purpose) for r in rows} == {("commission", "commission")}
    assert {r.application_id for r in rows} == {a.pk for a in validated}
    assert sum("export PDF" in r.what for r in rows) == len(validated)


def test_the_hr_and_advisor_agreement_pages_are_recorded(client, django_capture_on_commit_callbacks):
    employer = OrganizationFactory(name="Logistique Rhône Express")
    hr = MembershipFactory(organization=employer, role=Membership.Role.HR).user
    demand = DemandFactory(with_information=True, employer=employer, employer_siret=employer.siret)
    with django_capture_on_commit_callbacks(execute=True):
        save_information(demand, inform=True)
    agreement = Agreement.objects.get(demand=demand)
    client.force_login(hr)
    assert client.get(reverse("employers:agreement", args=[agreement.pk])).status_code == 200
    [row] = _rows()
    assert (row.role, row.purpose, row.organization, row.subject) == (
        "hr",
        "employer_agreement",
        employer.name,
        demand.owner,
    )

    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR)
    advisor = MembershipFactory(organization=operator, role=Membership.Role.ADVISOR).user
    hidden = DemandFactory(with_information=True, employer=employer, employer_siret=employer.siret)
    with django_capture_on_commit_callbacks(execute=True):
        save_information(hidden, inform=False)
    client.force_login(advisor)
    assert client.get(reverse("advisors:agreement", args=[hidden.agreement.pk])).status_code == 200
    assert _rows(subject=hidden.owner)[0].role == "advisor"


def test_the_back_office_records_the_demand_and_the_register_record(client, application):
    team = UserFactory(kind="staff", is_staff=True, is_superuser=True)
    register = RegisteredDemandFactory(numero_unique=application.demand.numero_unique)
    client.force_login(team)

    assert client.get(reverse("admin:demands_demand_change", args=[application.demand.pk])).status_code == 200
    assert client.get(reverse("admin:registry_registereddemand_change", args=[register.pk])).status_code == 200
    assert client.get(reverse("admin:applications_application_change", args=[application.pk])).status_code == 200
    assert client.get(reverse("admin:demands_demand_changelist")).status_code == 200  # a list: no row

    rows = _rows()
    assert len(rows) == 3
    assert {(r.role, r.purpose, r.subject_id) for r in rows} == {("staff", "support", application.demand.owner_id)}


def test_the_log_is_append_only(application, agent):
    row = record_read(agent, subject=application.demand, what="x", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    with pytest.raises(AppendOnlyError, match="ne se modifie pas"):
        SensitiveRead.objects.filter(pk=row.pk).update(what="rien")
    with pytest.raises(AppendOnlyError, match="ne se supprime pas"):
        SensitiveRead.objects.all().delete()
    with pytest.raises(AppendOnlyError, match="ne se supprime pas"):
        row.delete()
    row.what = "autre chose"
    with pytest.raises(AppendOnlyError, match="ne se modifie pas"):
        row.save()
    assert SensitiveRead.objects.get().what == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_an_update_even_in_raw_sql(application, agent):
    from django.db import DatabaseError, transaction

    row = record_read(agent, subject=application.demand, what="x", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_sensitiveread SET what = 'rien' WHERE id = %s", [row.pk])


def test_the_admin_offers_no_change_and_no_delete(client, application, agent):
    row = record_read(agent, subject=application.demand, what="x", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    client.force_login(UserFactory(kind="staff", is_staff=True, is_superuser=True))
    assert client.post(reverse("admin:audit_sensitiveread_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:audit_sensitiveread_change", args=[row.pk])).content.decode()
    assert 'name="_save"' not in page
    assert SensitiveRead.objects.count() == 1


def test_the_logis_team_searches_by_numero_unique(client, application, agent):
    other = ApplicationFactory()
    for app in (application, other):
        record_read(agent, subject=app.demand, what="Candidature", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    client.force_login(UserFactory(kind="staff", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:audit_sensitiveread_changelist"), {"q": application.demand.numero_unique})
    assert [r.numero_unique for r in response.context["cl"].result_list] == [application.demand.numero_unique]


def test_the_account_of_a_reader_deleted_keeps_the_row(application, agent):
    record_read(agent, subject=application.demand, what="x", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    agent.delete()
    row = SensitiveRead.objects.get()
    assert row.actor_label == "Alex Bailleur"


def test_qui_a_consulte_mon_dossier_groups_the_reads_and_shows_nobody_elses(client, agent, application, offer):
    owner = application.demand.owner
    client.force_login(agent)
    for _ in range(3):
        client.get(reverse("landlords:application", args=[application.pk]))
    someone_else = ApplicationFactory(offer=offer)
    client.get(reverse("landlords:application", args=[someone_else.pk]))

    groups = reads_grouped(owner)
    assert [(g.actor_label, g.organization, g.count, g.purpose) for g in groups] == [
        ("Alex Bailleur", offer.landlord.name, 3, "instruction")
    ]
    client.force_login(owner)
    page = client.get(reverse("documents:access_log")).content.decode()
    assert "3 consultations du" in page
    assert "Instruction de votre candidature par le bailleur" in page
    assert page.count("Candidature n°") == 3
    assert f"Candidature n° {someone_else.pk}" not in page


def test_the_page_of_reads_has_bounded_queries(client, agent, application, django_assert_max_num_queries):
    for _ in range(30):
        record_read(
            agent, subject=application.demand, what="Candidature", purpose=Purpose.INSTRUCTION, role="landlord_agent"
        )
    client.force_login(application.demand.owner)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("documents:access_log")).status_code == 200


def test_the_purge_removes_rows_older_than_a_year_only(application, agent):
    now = timezone.now()
    old = record_read(
        agent,
        subject=application.demand,
        what="old",
        purpose=Purpose.INSTRUCTION,
        role="landlord_agent",
        now=now - dt.timedelta(days=400),
    )
    record_read(agent, subject=application.demand, what="new", purpose=Purpose.INSTRUCTION, role="landlord_agent")
    assert audit_purge(now=now) == 1
    assert audit_purge(now=now) == 0
    assert not SensitiveRead.objects.filter(pk=old.pk).exists()
    assert SensitiveRead.objects.get().what == "new"


FIELDS = ("at", "subject_id", "subject_label", "numero_unique", "demand_id", "application_id", "actor_id",
          "actor_label", "organization", "role", "purpose", "what", "path", "watermarked")  # fmt: skip


@pytest.mark.parametrize("reader", ["agent", "nobody"])
def test_a_list_page_writes_the_rows_record_read_writes_one_by_one(reader, agent, application, offer):
    """record_reads inserts without a model per row: each row is the one record_read writes for the same read,
    whether the subject is a demand or an account, with or without an application, the reader themselves among
    them (recorded as the applicant's own read), or no reader (the platform)."""
    user = agent if reader == "agent" else None
    other = ApplicationFactory(offer=offer)
    subjects = [application.demand, other.demand, UserFactory(first_name="Zoé", last_name="Morel"), agent]
    pairs = [application, other, None, None]
    now = timezone.now()
    common = {"purpose": Purpose.INSTRUCTION, "role": "landlord_agent", "organization": offer.landlord, "now": now}
    for subject, paired in zip(subjects, pairs, strict=True):
        record_read(user, subject=subject, application=paired, what=f"Lecture de {subject.pk}", **common)
    one_by_one = [tuple(getattr(row, name) for name in FIELDS) for row in _rows()]
    SensitiveRead.objects.all()._raw_delete(SensitiveRead.objects.db)

    assert record_reads(user, subjects=subjects, applications=pairs, what=lambda s, a: f"Lecture de {s.pk}",
                        **common) == 4  # fmt: skip
    assert [tuple(getattr(row, name) for name in FIELDS) for row in _rows()] == one_by_one
    roles = [row.role for row in _rows()]
    assert roles == ["landlord_agent"] * 3 + (["applicant"] if user else ["landlord_agent"])
