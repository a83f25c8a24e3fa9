"""`manage.py load_demo`: complete, idempotent and deterministic demo data."""

import datetime as dt
import gzip
import random
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from stdnum.fr import siren, siret

from logis.accounts.models import User
from logis.core.demo import DEMO_PASSWORD
from logis.demands.models import Demand
from logis.geo.loading import COMMUNES_FILE
from logis.geo.models import Commune
from logis.offers.demo import AREAS, SEED, build_offers
from logis.offers.models import Offer
from logis.organizations.demo import EMPLOYERS, LANDLORDS, OPERATOR
from logis.organizations.models import Membership, Organization
from logis.registry.demo import DEMANDS
from logis.registry.models import NumberSequence, RegisteredDemand, RegisteredHouseholdMember

pytestmark = pytest.mark.django_db


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def communes_extract(tmp_path_factory):
    """The communes the demo uses, cut from the shipped file: loading 35,000 communes once is enough."""
    codes = {code for area in AREAS for code in area.communes}
    codes |= {code for spec in DEMANDS for code in (spec.commune, spec.workplace, *spec.wished_communes)}
    codes |= {spec.commune for spec in (*LANDLORDS, *EMPLOYERS, OPERATOR)}
    path = tmp_path_factory.mktemp("geo") / "communes.csv"
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        lines = iter(source)
        target.write(next(lines))
        target.writelines(line for line in lines if line.split(",", 1)[0] in codes)
    return path


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            Commune,
            Organization,
            Offer,
            User,
            EmailAddress,
            Membership,
            RegisteredDemand,
            RegisteredHouseholdMember,
        )
    } | {
        "sequences": sorted(NumberSequence.objects.values_list("territory", "month", "last")),
        "offers": sorted(Offer.objects.values_list("reference", "rent", "lat", "status")),
        "passwords": sorted(User.objects.values_list("email", "password")),
    }


@pytest.fixture
def demo(communes_extract):
    return load_demo(communes=communes_extract)


def test_running_load_demo_twice_changes_nothing():
    load_demo()
    before = snapshot()
    assert before["Commune"] > 34000
    output = load_demo()
    assert snapshot() == before
    assert "0 créées à cette exécution" in output


def test_demo_has_landlords_and_hundreds_of_live_offers_in_several_cities(demo):
    assert Organization.objects.filter(kind="landlord").count() >= 3
    live = Offer.objects.live().to_rent()
    assert live.count() >= 300
    departements = set(live.values_list("departement", flat=True))
    assert {"75", "92", "93", "94", "69", "13", "31", "33", "59", "44", "26", "74", "19"} <= departements
    assert set(live.filter(channel="social").values_list("financing", flat=True)) == {"PLAI", "PLUS", "PLS", "LLI"}
    # The private side (issue #19): an estate agency and a private owner with offers, free or intermediate rents.
    assert set(live.filter(channel="private").values_list("financing", flat=True)) == {"FREE", "LLI"}
    private = Offer.objects.filter(channel="private")  # the private owner's is let: its lease closed it
    assert set(private.values_list("landlord__kind", flat=True)) == {"agency", "private_owner"}
    assert private.filter(landlord__kind="private_owner", status="closed", applications__state="lease_signed").exists()
    assert live.filter(kind=Offer.Kind.HOUSE).exists()
    assert Offer.objects.exclude(status=Offer.Status.PUBLISHED).exists()  # drafts for the landlord agent


def test_demo_offers_have_plausible_surfaces_and_rents(demo):
    surfaces = {"T1": (25, 32), "T2": (40, 50), "T3": (60, 70), "T4": (75, 85), "T5": (90, 105)}
    for offer in Offer.objects.to_rent().filter(channel="social").select_related("commune"):
        low, high = surfaces[offer.typology]
        assert low <= offer.surface <= high, offer.reference
        per_m2 = offer.rent / offer.surface
        paris_area = offer.departement in ("75", "92", "93", "94")
        if offer.financing == "LLI":
            assert (18 if paris_area else 7.5) <= per_m2 <= (22 if paris_area else 15), offer.reference
        else:
            assert (10 if paris_area else 5) <= per_m2 <= (14 if paris_area else 9), offer.reference
        assert abs(offer.lat - offer.commune.lat) < 0.05
        assert abs(offer.lng - offer.commune.lng) < 0.07


def test_demo_has_several_homes_to_buy_of_each_kind_that_the_rules_can_judge(demo):
    homes = Offer.objects.live().to_buy()
    for kind in ("PSLA", "BRS", "VENTE_HLM"):
        assert homes.filter(accession=kind).count() >= 3, kind
    assert not homes.filter(abc_zone="").exists()  # every one has a zone, hence a ceiling
    assert homes.filter(accession="BRS", land_fee__isnull=True).count() == 0
    assert homes.filter(accession="PSLA", psla_rental_months__isnull=True).count() == 0
    assert homes.filter(accession="VENTE_HLM", priority_until__isnull=False).exists()
    assert not homes.filter(accession="VENTE_HLM", energy_class__in=["F", "G"]).exists()


def test_demo_employers_have_valid_sirets_and_varied_profiles(demo):
    employers = Organization.objects.filter(kind="employer")
    assert employers.count() >= 5
    for employer in employers:
        assert siret.is_valid(employer.siret), employer.name
        assert siren.is_valid(employer.siren), employer.name
    assert employers.filter(is_agricultural=True).exists()
    assert employers.filter(headcount__lt=10).exists()
    assert employers.filter(pays_peec=False, is_agricultural=False).exists()
    assert len(set(employers.values_list("headcount", flat=True))) >= 4


def test_demo_has_one_account_per_role_with_the_published_password(demo):
    roles = {
        "bailleur@logis.test": Membership.Role.AGENT,
        "rh@logis.test": Membership.Role.HR,
        "commission@logis.test": Membership.Role.COMMISSION,
        "conseiller@logis.test": Membership.Role.ADVISOR,
    }
    for email, role in roles.items():
        user = User.objects.get(email=email)
        assert user.memberships.get().role == role
        assert user.check_password(DEMO_PASSWORD)
    admin = User.objects.get(email="admin@logis.test")
    assert admin.is_superuser
    assert admin.check_password(DEMO_PASSWORD)
    for user in User.objects.all():
        assert EmailAddress.objects.get(user=user, email=user.email).verified


def test_demo_applicant_has_no_demand_yet_but_one_waits_in_the_register(demo):
    applicant = User.objects.get(email="demandeur@logis.test")
    assert applicant.is_applicant
    assert not Demand.objects.filter(owner=applicant).exists()
    registered = RegisteredDemand.objects.get(email="demandeur@logis.test")
    assert registered.workplace_commune.name == "Lyon"
    assert registered.members.count() >= 1
    assert RegisteredDemand.objects.count() >= 5
    for demand in RegisteredDemand.objects.all():
        assert demand.status == RegisteredDemand.Status.ACTIVE
        assert timezone.localdate() < demand.expires_on <= timezone.localdate() + dt.timedelta(days=366)


def test_demo_landlord_agent_manages_offers_in_the_admin(client, demo):
    agent = User.objects.get(email="bailleur@logis.test")
    assert agent.is_staff
    assert agent.has_perms(["offers.add_offer", "offers.change_offer", "offers.view_offer"])
    client.force_login(agent)
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert response.status_code == 200
    landlord = agent.memberships.get().organization
    assert response.context["cl"].result_count == Offer.objects.filter(landlord=landlord).count()
    assert response.context["cl"].result_count < Offer.objects.count()


def test_demo_output_tells_where_to_go_who_to_be_and_what_to_import(demo):
    assert "http://testserver" in demo
    for email in ("demandeur@logis.test", "bailleur@logis.test", "rh@logis.test", "admin@logis.test"):
        assert email in demo
    assert "/demo/codes/" in demo  # where a visitor reads the second-factor code of the professionals
    assert DEMO_PASSWORD in demo
    numero = RegisteredDemand.objects.get(email="demandeur@logis.test").numero_unique
    assert f"{numero[:3]} {numero[3:7]} {numero[7:13]} {numero[13:]}" in demo
    assert "/demo/courriels/" in demo


def test_demo_offers_are_deterministic(demo):
    codes = {code for area in AREAS for code in area.communes}
    communes = Commune.objects.in_bulk(codes)
    landlords = {"ra": None, "idf": None, "med": None, "atl": None, "nord": None}
    now = timezone.now()

    def rows():
        offers = build_offers(random.Random(SEED), communes, landlords, now)
        return [(o.reference, o.title, o.rent, o.lat, o.lng, o.typology) for o in offers]

    assert rows() == rows()


def test_demo_output_prints_every_account_a_story_uses(demo):
    """The candidates on the CALEOL's agenda (and every other seeded account) can be logged in as: each is printed,
    with the password of all demo accounts (issue #15, 12)."""
    accounts = User.objects.filter(email__endswith="@logis.test").values_list("email", flat=True)
    assert len(accounts) >= 12
    missing = [email for email in accounts if email not in demo]
    assert not missing, f"seeded accounts not printed by load_demo: {missing}"
    assert (
        "candidate.leroy@logis.test — Amandine Leroy : Dossier présenté en commission d'attribution (CALEOL)" in demo
    )


def test_demo_has_a_history_of_attributions_so_the_average_waits_mean_something(demo):
    from logis.applications.models import Application
    from logis.scoring.selectors import average_wait

    history = Application.objects.filter(offer__reference__startswith="DEMO-HIST-", state="lease_signed")
    assert history.count() >= 30
    assert len(set(history.values_list("offer__departement", flat=True))) >= 5
    t3 = history.filter(offer__typology="T3").first()
    wait = average_wait(typology="T3", departement=t3.offer.departement)
    assert wait.count == 3
    assert 20 <= wait.months <= 21  # the three T3 leases of each département: 21, 14 and 27 months after filing
