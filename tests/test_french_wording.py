"""What people read is French, with counts in the right number (issue #15, 10)."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from logis.core.text import plural
from tests.factories import ApplicationFactory, MembershipFactory
from tests.landlords.test_offers import _data

# A count followed by a word with « (s) »: « {{ n }} personne(s) », f"{n} décision(s)".
DEVELOPER_PLURAL = re.compile(r"(\}\}|\})\s*[\wéèà]+\(s\)")


def test_plural_puts_zero_and_one_in_the_singular():
    assert plural(0, "décision") == "0 décision"
    assert plural(1, "personne") == "1 personne"
    assert plural(4, "décision") == "4 décisions"
    assert plural(2, "candidat présenté") == "2 candidats présentés"
    assert plural(3, "pièce principale", "pièces principales") == "3 pièces principales"


def test_no_template_or_message_writes_a_developer_plural():
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "logis").rglob("*")):
        if path.suffix in {".html", ".txt", ".py"} and "migrations" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if DEVELOPER_PLURAL.search(line):
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_every_app_and_model_has_a_french_name_in_the_back_office():
    for config in apps.get_app_configs():
        if config.name.startswith("logis."):
            assert config.verbose_name != config.label.title(), f"{config.name} has no verbose_name"
    for model in apps.get_models():
        if not model.__module__.startswith("logis."):
            continue
        options = model._meta.original_attrs
        assert "verbose_name" in options, f"{model._meta.label} has no verbose_name"
        if " " in model._meta.verbose_name:  # « décision de CALEOL » would become « décision de CALEOLs »
            assert "verbose_name_plural" in options, f"{model._meta.label} has no verbose_name_plural"


@pytest.mark.django_db
def test_the_admin_index_reads_french(admin_client):
    page = html.unescape(admin_client.get(reverse("admin:index")).content.decode())
    assert "Décisions de CALEOL" in page
    assert "Décision de CALEOLs" not in page
    assert "Import challenges" not in page
    assert ">Accounts<" not in page


@pytest.mark.django_db
def test_the_ranking_says_one_person_not_personne_s(client):
    application = ApplicationFactory(demand__household_size=1)
    client.force_login(MembershipFactory(organization=application.offer.landlord).user)
    page = client.get(reverse("landlords:offer_applicants", args=[application.offer.pk])).content.decode()
    assert "1 personne ·" in page
    assert "(s)" not in page


@pytest.mark.django_db
def test_a_duplicate_offer_reference_is_explained_in_french(client):
    other = ApplicationFactory().offer
    agent = MembershipFactory(organization=other.landlord).user
    client.force_login(agent)
    response = client.post(reverse("landlords:offer_create"), _data(reference=other.reference))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Cette référence est déjà celle d'une autre offre" in page
    assert "Un objet Offre" not in page
    assert "existe déjà" not in page


@pytest.mark.django_db
def test_the_empty_offer_form_lists_its_errors_first_each_linked_to_its_field(client):
    offer = ApplicationFactory().offer
    client.force_login(MembershipFactory(organization=offer.landlord).user)
    blank = client.get(reverse("landlords:offer_create")).content.decode()
    assert 'id="erreurs"' not in blank
    response = client.post(reverse("landlords:offer_create"), {"bailleur": offer.landlord.pk})
    page = html.unescape(response.content.decode())
    summary = page[page.index('id="erreurs"') : page.index("</div>", page.index('id="erreurs"'))]
    assert "informations sont à corriger" in summary
    assert '<a href="#id_title" class="alert-link">' in summary
    assert '<a href="#id_commune" class="alert-link">' in summary
    assert "focus-errors.js" in page
