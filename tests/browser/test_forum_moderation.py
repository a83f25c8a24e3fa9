"""The forum in a real Chromium: a member posts with a phone number (masked) → another member reports the post →
the moderator removes it → the author receives the statement of reasons by e-mail."""

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from logis.forum.categories import categories_ensure
from logis.forum.models import Category, Post, Report
from logis.organizations.models import Membership, Organization
from tests.browser.conftest import CHROMIUM  # noqa: F401 - the browser fixture lives there
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.forum.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    contexts = []

    def open_as(user, *, width=1280):
        client = Client()
        client.force_login(user)
        context = browser.new_context(
            locale="fr-FR", viewport={"width": width, "height": 900}, base_url=live_server.url
        )
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_a_masked_post_reported_then_removed_with_reasons(signed_in, settings):
    categories_ensure(Category)
    author = UserFactory(email="karim@exemple.fr", first_name="Karim", last_name="Benali")
    for _ in range(settings.FORUM_PREMODERATED_POSTS):
        PostFactory(thread__author=author)
    reader = UserFactory(email="lea@exemple.fr", first_name="Léa", last_name="Garnier")
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    moderator = MembershipFactory(
        organization=operator, role=Membership.Role.MODERATOR, user__email="moderation@logis.example"
    ).user

    # The author writes from a phone-sized screen, with the keyboard.
    page = signed_in(author, width=390)
    page.goto("/forum/difficultes/")
    page.get_by_role("link", name="Ouvrir un sujet").click()
    page.get_by_label("Titre du sujet").fill("Qui peut m'aider pour un garant ?")
    page.get_by_label("Votre message").fill("Je cherche un garant, appelez-moi au 06 12 34 56 78 le soir.")
    page.get_by_role("button", name="Publier le sujet").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Qui peut m'aider pour un garant ?")
    expect(page.locator(".alert-warning")).to_contain_text(
        "Nous avons masqué dans votre message un numéro de téléphone"
    )
    expect(page.locator(".forum-post").first).to_contain_text("appelez-moi au [numéro de téléphone masqué] le soir")
    assert "06 12 34 56 78" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    post = Post.objects.get(author=author, body__contains="garant")
    thread_url = page.url

    # Another member reports it.
    page = signed_in(reader)
    page.goto(thread_url)
    page.get_by_role("link", name="Signaler le message de Karim B.").click()
    expect(page.get_by_label("Adresse exacte du message")).to_have_value(
        f"{settings.SITE_URL}/forum/messages/{post.pk}/"
    )
    expect(page.get_by_label("Vos nom et prénom")).to_have_value("Léa Garnier")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#id_reason_error")).to_have_text("Choisissez le motif du signalement.")
    page.get_by_label("Motif du signalement").select_option(label="Publicité, démarchage ou message répété")
    page.get_by_label("Pourquoi ce message").fill("Il invite à l'appeler en privé : c'est du démarchage.")
    page.get_by_label("Je déclare de bonne foi").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre signalement est enregistré")
    report = Report.objects.get(post=post)
    assert [m.subject for m in mail.outbox if m.to == ["lea@exemple.fr"]] == [
        "[Logis] Votre signalement sur le forum est bien reçu"
    ]

    # The moderator removes the post from the queue.
    page = signed_in(moderator)
    page.goto("/forum/moderation/")
    page.get_by_role("link", name="Publicité, démarchage ou message répété").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signalement n° {report.pk}")
    page.get_by_label("Motif (article de la charte)").select_option(value="advertising")
    page.get_by_label("Exposé des motifs envoyé à l'auteur").fill(
        "Votre message propose un contact privé par téléphone, ce que la charte interdit."
    )
    page.get_by_role("button", name="Retirer le message").click()
    expect(page.get_by_role("status").first).to_contain_text("Message retiré")
    page.goto(thread_url)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    post.refresh_from_db()
    assert post.status == Post.Status.REMOVED

    # The author receives the statement of reasons; the reporter, the outcome.
    to_author = [m for m in mail.outbox if m.to == [author.email]]
    assert len(to_author) == 1
    assert "décision de la modération" in to_author[0].subject
    assert "Publicité ou démarchage (article 5 de la charte)" in to_author[0].body
    assert "ce que la charte interdit" in to_author[0].body
    outcome = [m for m in mail.outbox if m.to == ["lea@exemple.fr"]][-1]
    assert "Nous avons retiré ce message." in outcome.body
