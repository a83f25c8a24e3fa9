"""Budgets of the import in the shared cache: numéros per address, imports per numéro, wrong codes per numéro."""

import contextlib

import pytest
from django.urls import reverse

from logis.demands import services
from tests.factories import RegisteredDemandFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(db):
    return RegisteredDemandFactory(email="camille.durand@exemple.fr")


def test_wrong_codes_are_budgeted_per_numero_across_accounts(settings, registered, django_capture_on_commit_callbacks):
    settings.LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY = 3
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_import_start(user=first, numero_unique=registered.numero_unique)
    for _ in range(2):
        with pytest.raises(services.DemandImportError, match="pas le bon"):
            services.demand_import_confirm(user=first, code="000000")
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_import_start(user=second, numero_unique=registered.numero_unique)
    with pytest.raises(services.DemandImportError, match="pas le bon"):
        services.demand_import_confirm(user=second, code="000001")
    # The budget of the numéro is spent: no further guess is even compared, from either account.
    with pytest.raises(services.DemandImportError, match="suspendu jusqu'à demain") as refused:
        services.demand_import_confirm(user=second, code="000002")
    assert refused.value.code == "code_budget"


def test_imports_started_per_numero_are_budgeted_whether_it_exists_or_not(settings, registered):
    settings.LOGIS_IMPORT_STARTS_PER_NUMERO_PER_DAY = 2
    answers = {}
    for numero in (registered.numero_unique, "069 1125 999999 G0001"):
        for _ in range(2):
            with contextlib.suppress(services.DemandImportError):
                services.demand_import_start(user=UserFactory(), numero_unique=numero)
        with pytest.raises(services.DemandImportError) as refused:
            services.demand_import_start(user=UserFactory(), numero_unique=numero)
        answers[numero] = (refused.value.code, refused.value.message)
    assert len(set(answers.values())) == 1
    assert next(iter(answers.values()))[0] == "numero_budget"


def test_numeros_typed_from_one_address_are_budgeted(client, settings):
    settings.LOGIS_IMPORT_NUMEROS_PER_IP_PER_HOUR = 3
    client.force_login(UserFactory())
    pages = [
        client.post(
            reverse("demands:import_start"), {"numero_unique": f"069 1125 99999{n} G0001"}, follow=True
        ).content.decode()
        for n in range(4)
    ]
    assert all("Trop de numéros uniques" not in page for page in pages[:3])
    assert "Trop de numéros uniques ont été saisis depuis cette connexion" in pages[3]
    other = client.__class__(REMOTE_ADDR="198.51.100.20")
    other.force_login(UserFactory())
    page = other.post(reverse("demands:import_start"), {"numero_unique": "069 1125 999990 G0001"}).content.decode()
    assert "Trop de numéros uniques" not in page
