"""Search: PostgreSQL full-text with the French configuration; a simple word search on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from logis.forum.models import Thread
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_search_finds_published_posts_of_visible_threads_only(client):
    found = PostFactory(body="Le dépôt de garantie est rendu sous un mois.")
    PostFactory(body="Le dépôt de garantie de mon ancien logement", held=True)
    removed = PostFactory(body="Le dépôt de garantie, encore")
    Thread.objects.filter(pk=removed.thread_id).update(removed_at=timezone.now())
    PostFactory(body="Rien à voir : la commission se réunit mardi.")
    page = client.get(reverse("forum:search"), {"q": "dépôt garantie"}).content.decode()
    assert found.body[:30] in page
    assert page.count('class="border-bottom py-2"') == 1


def test_search_finds_thread_titles(client):
    thread = ThreadFactory(title="Visale refusée par le bailleur")
    PostFactory(thread=thread, body="Bonjour")
    page = client.get(reverse("forum:search"), {"q": "visale"}).content.decode()
    assert "Visale refusée par le bailleur" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming is PostgreSQL's")
def test_postgresql_search_understands_french_word_forms(client):
    post = PostFactory(body="Nous avons déménagé deux fois à cause des loyers trop élevés.")
    page = client.get(reverse("forum:search"), {"q": "déménagement loyer"}).content.decode()
    assert post.body[:30] in page


def test_an_empty_or_hostile_query_is_harmless(client):
    PostFactory()
    for q in ("", "   ", "<script>", "' OR 1=1 --", "&|!():*", "x" * 250):
        response = client.get(reverse("forum:search"), {"q": q})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</header>")[1]
