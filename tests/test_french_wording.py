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


# A gender or number written in brackets after a word: « Conseiller(ère) », « Conjoint(e) », « connecté(e) »,
# « Modérateur(rice) », « introuvable(s) ». French writes both forms: « Conseiller ou conseillère ».
PARENTHESISED_FORM = re.compile(
    r"[A-Za-zÀ-ÿ]\((?:e|s|es|x|se|sse|ère|ière|euse|rice|trice|ve|ive|ne|nne|le|lle|ale|aux)\)"
)
TEXT_SUFFIXES = {".html", ".txt", ".toml", ".json", ".js", ".csv", ".md"}


def _python_strings(path: Path):
    """The string literals of a module that a person may read: not its docstrings nor the English log lines."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skipped.add(id(first.value))  # a docstring (an expression statement that is a constant)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in {"logger", "log", "logging"}:
                skipped.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node.lineno, node.value


def _parenthesised_forms() -> list[str]:
    found = []
    root = Path(settings.BASE_DIR) / "logis"
    for path in sorted(root.rglob("*")):
        if "migrations" in path.parts or "node_modules" in path.parts or ".min." in path.name or not path.is_file():
            continue
        where = path.relative_to(settings.BASE_DIR)
        if path.suffix == ".py":
            for number, text in _python_strings(path):
                found += [
                    f"{where}:{number}: {m.group(0)} in {text.strip()[:80]!r}"
                    for m in PARENTHESISED_FORM.finditer(text)
                ]
        elif path.suffix in TEXT_SUFFIXES:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                found += [f"{where}:{number}: {line.strip()[:100]}" for _ in PARENTHESISED_FORM.finditer(line)][:1]
    return found


def test_nothing_a_person_reads_writes_a_gender_or_number_in_brackets():
    """Labels, messages, e-mails, PDFs and data files (issue #15): « Conseiller ou conseillère », never
    « Conseiller(ère) »; « Conjoint ou conjointe », never « Conjoint(e) »."""
    found = _parenthesised_forms()
    assert not found, f"{len(found)} bracketed forms:\n" + "\n".join(found)


def test_the_bracketed_form_check_sees_what_it_must():
    assert PARENTHESISED_FORM.search("Votre conseiller(ère) vous écrit")
    assert PARENTHESISED_FORM.search("Conjoint(e), partenaire")
    assert PARENTHESISED_FORM.search("Modérateur(rice) du forum")
    assert PARENTHESISED_FORM.search("Candidature(s) introuvable(s)")
    assert not PARENTHESISED_FORM.search("Conseiller ou conseillère (Logis)")


def test_the_check_reads_the_strings_of_a_module_not_its_code_docstrings_or_logs(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        '"""Counts the offer(s)."""\n'
        "import logging\n"
        "logger = logging.getLogger(__name__)\n"
        "def f(errors):\n"
        '    logger.info("%s offer(s) expired", 2)\n'
        '    return [str(e) for e in errors] + ["Vous serez prévenu(e)."]\n',
        encoding="utf-8",
    )
    strings = [text for _line, text in _python_strings(module)]
    assert [text for text in strings if PARENTHESISED_FORM.search(text)] == ["Vous serez prévenu(e)."]


def test_every_role_and_relation_label_is_written_in_full():
    from logis.organizations.models import Membership
    from logis.organizations.roles import ROLE_LABELS
    from logis.registry.models import RegisteredHouseholdMember

    labels = [*ROLE_LABELS.values(), *Membership.Role.labels, *RegisteredHouseholdMember.Relation.labels]
    assert not [label for label in labels if "(" in label]
    assert "Conseiller ou conseillère Logis" in ROLE_LABELS.values()
    assert "Conseiller ou conseillère" in Membership.Role.labels
