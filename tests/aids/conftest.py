import datetime as dt

import pytest
from django.utils import timezone

from logis.documents.services import Upload, piece_upload
from logis.organizations.models import Membership, Organization
from tests.documents.files import text_pdf
from tests.factories import DemandFactory, MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def operator(db):
    return OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — accompagnement")


@pytest.fixture
def advisor(operator):
    return MembershipFactory(
        organization=operator, role=Membership.Role.ADVISOR, user__email="conseil@logis.example"
    ).user


@pytest.fixture
def employer(db):
    return OrganizationFactory(name="Lyon Restauration", headcount=120)


@pytest.fixture
def applicant(db):
    return UserFactory(email="ines@exemple.fr", first_name="Inès", last_name="Moreau")


@pytest.fixture
def demand(applicant, employer):
    birth = timezone.localdate().replace(year=timezone.localdate().year - 26, day=1)
    return DemandFactory(
        owner=applicant,
        with_information=True,
        employer=employer,
        snapshot={
            "birth_date": birth.isoformat(),
            "contract_type": "CDI",
            "current_housing": "locataire_prive",
            "current_rent": 540,
            "commune_insee": "69123",
        },
        employment_start=dt.date(2023, 9, 1),
    )


def upload(demand, kind, **extra):
    return piece_upload(demand=demand, kind=kind, uploads=[Upload("piece.pdf", text_pdf())], by=demand.owner, **extra)


@pytest.fixture
def loca_pass_pieces(demand):
    upload(demand, "identity", variant="cni")
    upload(demand, "employment", variant="certificate")
    upload(demand, "lease")
    upload(demand, "bank_details", iban="FR7630006000011234567890189")
    return demand
