"""« Aides et prêts »: the public catalogue with statuses the Logis team sets, and the simulator pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.aids.models import AidStatusChange
from logis.geo.models import Commune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFICIAL = {
    "principal": "30000",
    "annual_rate_pct": "1",
    "months": "300",
    "insurance_basis": "initial",
    "insurance_rate_pct": "0,1668",
}


def test_the_catalogue_is_public_and_shows_statuses_and_ended_aids(client):
    response = client.get(reverse("aids:catalogue"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Avance LOCA-PASS", "Garantie Visale", "Aide MOBILI-JEUNE", "Prêt Accession", "Prêt Agrandissement"):
        assert name in html
    assert "Aides terminées" in html
    assert "Terminée le 30 juin 2023" in html
    assert "Fermée depuis le 30 juin 2023" in " ".join(html.split())


def test_the_logis_team_suspends_an_aid_and_the_page_says_it_first(client, admin_client):
    today = timezone.localdate()
    response = admin_client.post(
        reverse("admin:aids_aidstatuschange_add"),
        {
            "aid": "mobili_jeune",
            "status": "suspended",
            "since": today.isoformat(),
            "note": "Enveloppe épuisée : réouverture annoncée en mars.",
        },
    )
    assert response.status_code == 302
    change = AidStatusChange.objects.get()
    assert change.created_by.is_superuser
    html = client.get(reverse("aids:catalogue")).content.decode()
    assert "Aide MOBILI-JEUNE est suspendue" in html
    assert html.index("est suspendue") < html.index("Aides ouvertes ou suspendues")
    assert "Enveloppe épuisée" in html
    detail = client.get(reverse("aids:detail", args=["mobili_jeune"])).content.decode()
    assert "Les demandes ne sont pas possibles" in detail
    AidStatusChange.objects.create(aid="mobili_jeune", status="open", since=today, note="Rouverte.")
    assert "est suspendue" not in client.get(reverse("aids:catalogue")).content.decode()


def test_a_future_status_change_does_not_apply_yet(client):
    AidStatusChange.objects.create(
        aid="avance_loca_pass", status="suspended", since=timezone.localdate() + dt.timedelta(days=3)
    )
    assert "est suspendue" not in client.get(reverse("aids:catalogue")).content.decode()


def test_a_status_change_is_never_edited_nor_deleted_in_the_admin(admin_client):
    change = AidStatusChange.objects.create(aid="avance_loca_pass", status="suspended", since=timezone.localdate())
    response = admin_client.post(
        reverse("admin:aids_aidstatuschange_change", args=[change.pk]),
        {"aid": "avance_loca_pass", "status": "open", "since": "2020-01-01"},
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == "suspended"


def test_an_unknown_aid_is_404(client):
    assert client.get(reverse("aids:detail", args=["pret_miracle"])).status_code == 404


def test_the_detail_page_gives_pieces_sources_and_conflicts(client):
    html = client.get(reverse("aids:detail", args=["mobili_jeune"])).content.decode()
    assert "Bail ou engagement de location" in html
    assert "Ce que les sources ne disent pas de la même façon" in html
    assert "isct.fr" in html


def test_the_loan_page_reproduces_the_official_example(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("aids:loan"), OFFICIAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "113,06\xa0€" in html
    assert "117,23\xa0€" in html
    assert "1,31\xa0%" in html
    assert "3\u202f918,52\xa0€" in html
    assert "Un crédit vous engage" in html
    assert "NaN" not in html


def test_the_loan_page_gives_the_debt_ratio(client):
    html = client.get(reverse("aids:loan"), {**OFFICIAL, "monthly_income": "300"}).content.decode()
    assert "Au-delà des règles du HCSF" in html
    assert "39,1\xa0%" in html


def test_bad_loan_input_keeps_what_was_typed_and_says_what_to_type(client):
    response = client.get(reverse("aids:loan"), {**OFFICIAL, "principal": "-12", "months": "douze"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le montant emprunté : tapez un nombre d&#x27;au moins 1" in html
    assert 'value="-12"' in html
    assert "NaN" not in html
    assert "Traceback" not in html


def test_the_amortisation_table_downloads_as_csv_and_pdf(client):
    response = client.get(reverse("aids:loan"), {**OFFICIAL, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mois;")
    assert lines[1].startswith("1;113,06;25,00;88,06;4,17;117,23;")
    assert lines[300].startswith("300;")
    assert "Total des intérêts;3918,52" in lines
    pdf = client.get(reverse("aids:loan"), {**OFFICIAL, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_full_table_month_by_month(client):
    html = client.get(reverse("aids:loan"), {**OFFICIAL, "tableau": "complet"}).content.decode()
    assert html.count("<tr>") >= 301


def test_capacity_and_combined_plan_pages(client):
    html = client.get(
        reverse("aids:capacity"), {"monthly_income": "3000", "annual_rate_pct": "3,5", "months": "300"}
    ).content.decode()
    assert "209\u202f738\xa0€" in html
    html = client.get(
        reverse("aids:plan"),
        {
            "accession_principal": "40000",
            "accession_months": "300",
            "bank_principal": "150000",
            "bank_rate_pct": "3,5",
            "bank_months": "240",
        },
    ).content.decode()
    assert "plafonné à 30" in html
    assert "Mois 241 à 300" in html
    bad = client.get(
        reverse("aids:plan"),
        {
            "accession_principal": "40000",
            "accession_months": "300",
            "bank_principal": "150000",
            "bank_rate_pct": "-2",
            "bank_months": "240",
        },
    )
    assert bad.status_code == 400
    assert "Le taux nominal annuel : tapez un nombre" in bad.content.decode()


@pytest.fixture
def lyon():
    return Commune.objects.create(
        insee="69123",
        name="Lyon",
        departement="69",
        region="84",
        postal_code="69001",
        lat=45.76,
        lng=4.83,
        population=500000,
    )


def test_the_housing_benefit_page_estimates_from_a_commune_name(client, lyon):
    response = client.get(
        reverse("aids:housing_benefit"),
        {"commune": "lyon", "rent": "450", "housing": "private", "salary": "13333,34", "month": "2026-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Estimation : 90 € par mois" in html
    assert "zone APL 2" in html
    assert "Ce que l'estimation ne couvre pas" in html


def test_the_housing_benefit_page_asks_the_partner_salary_and_refuses_an_unknown_commune(client, lyon):
    response = client.get(
        reverse("aids:housing_benefit"),
        {
            "commune": "69123",
            "rent": "450",
            "housing": "private",
            "salary": "13000",
            "couple": "on",
            "month": "2026-01",
        },
    )
    assert response.status_code == 400
    assert "salaire net imposable de votre conjoint" in response.content.decode()
    response = client.get(
        reverse("aids:housing_benefit"),
        {"commune": "Atlantide", "rent": "450", "housing": "private", "salary": "13000", "month": "2026-01"},
    )
    assert response.status_code == 400
    assert "Nous ne trouvons pas la commune « Atlantide »" in response.content.decode()


def test_mobili_jeune_loca_pass_and_visale_pages(client):
    html = client.get(
        reverse("aids:mobili_jeune"),
        {
            "age": "22",
            "contract": "apprentissage",
            "sector": "prive",
            "contract_start": timezone.localdate().isoformat(),
            "monthly_gross_salary": "1200",
            "rent": "450",
            "housing_benefit": "200",
            "distance_km": "120",
        },
    ).content.decode()
    assert "Vous pourriez recevoir 100,00\xa0€ par mois" in html
    html = client.get(reverse("aids:loca_pass"), {"deposit": "900"}).content.decode()
    assert "25 mensualités de 36,00\xa0€" in html
    html = client.get(
        reverse("aids:visale"),
        {
            "age": "24",
            "status": "salarie",
            "sector": "prive",
            "situation": "autre",
            "monthly_net_income": "2000",
            "rent_with_charges": "1500",
            "zone": "III",
            "housing": "private",
        },
    ).content.decode()
    assert "au-delà du plafond de 1\u202f365\xa0€ en zone III" in html


@pytest.mark.parametrize(
    "name", ["loan", "capacity", "plan", "housing_benefit", "mobili_jeune", "loca_pass", "visale"]
)
def test_every_simulator_page_opens_empty(client, name):
    response = client.get(reverse(f"aids:{name}"))
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_the_yearly_table_sums_the_months_of_each_year(client):
    from logis.aids.views import _yearly
    from logis.rules.loan import loan_input, simulate

    result = simulate(loan_input({"principal": 10000, "annual_rate_pct": 2, "months": 30}))
    years = _yearly(result.schedule)
    assert [year[0] for year in years] == [1, 2, 3]
    assert years[0][2] == sum(row.capital for row in result.schedule[:12])
    assert years[2][1] == sum(row.interest for row in result.schedule[24:])  # the last year has 6 months
    assert years[-1][5] == 0
    assert sum(year[2] for year in years) == Decimal(10000)
    html = client.get(reverse("aids:loan"), {"principal": "10000", "annual_rate_pct": "2", "months": "30"})
    assert html.content.decode().count('<th scope="row">') == 3


def test_the_simulators_menu_marks_the_page_shown_though_rendered_once_per_page(client):
    """The simulators' menu and the signed-out header are cached per process ({% cache %}, in memory): each page
    still marks itself, and a signed-in person gets their own menu."""
    for _round in range(2):
        for name in ("loan", "housing_benefit", "visale"):
            url = reverse(f"aids:{name}")
            html = client.get(url).content.decode()
            assert html.count('aria-current="page"') == 2  # the breadcrumb and the simulators' menu
            assert f'aria-current="page"\n         href="{url}"' in html
    assert "Créer mon compte" in html
    client.force_login(UserFactory())
    html = client.get(reverse("aids:loan")).content.decode()
    assert "Créer mon compte" not in html
    assert "Se déconnecter" in html


def test_the_cached_footer_follows_the_contact_settings(client, settings):
    settings.LOGIS_CONTACT_PHONE = "01 23 45 67 89"
    assert 'href="tel:0123456789"' in client.get(reverse("aids:catalogue")).content.decode()
    settings.LOGIS_CONTACT_PHONE = "04 11 22 33 44"
    html = client.get(reverse("aids:catalogue")).content.decode()
    assert 'href="tel:0411223344"' in html
    assert "0123456789" not in html
