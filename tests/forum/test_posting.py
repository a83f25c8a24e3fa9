"""Writing on the forum: pre-moderation of newcomers, masking, limits, sanctions, bad input, double submission."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.forum import services
from logis.forum.categories import categories_ensure
from logis.forum.models import Category, Post, Sanction, Thread
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.get(slug="difficultes")


def _new_thread(client, category, **data):
    form = {"title": "Loyer trop élevé après séparation", "body": "Bonjour à tous, que faire ?", **data}
    return client.post(reverse("forum:new_thread", args=[category.slug]), form)


def test_the_five_categories_of_the_platform_exist_and_are_put_back_once():
    Category.objects.filter(slug="employeurs").delete()
    categories_ensure(Category)
    categories_ensure(Category)
    assert list(Category.objects.values_list("slug", flat=True)) == [
        "logement-social",
        "aides-et-prets",
        "demenagement",
        "difficultes",
        "employeurs",
    ]


def test_reading_is_open_to_everyone_and_writing_asks_to_sign_in(client, category):
    post = PostFactory(thread__category=category)
    assert client.get(reverse("forum:index")).status_code == 200
    page = client.get(post.thread.get_absolute_url())
    assert post.body in page.content.decode()
    assert "Connectez-vous</a> pour répondre" in page.content.decode()
    response = client.get(reverse("forum:new_thread", args=[category.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("forum:reply", args=[post.thread.pk]), {"body": "x"}).status_code == 302
    assert post.thread.posts.count() == 1


def test_the_first_posts_of_a_new_member_wait_for_a_moderator(member_client, member, other_member, client, category):
    response = _new_thread(member_client, category)
    post = Post.objects.get(author=member)
    assert post.status == Post.Status.PENDING
    assert response.status_code == 302
    page = member_client.get(response["Location"]).content.decode()
    assert "relus par un modérateur" in page
    assert "En attente de modération" in page
    # Nobody else sees the held thread.
    client.force_login(other_member)
    assert client.get(post.thread.get_absolute_url()).status_code == 404
    assert post.thread.title not in client.get(reverse("forum:category", args=[category.slug])).content.decode()


def test_a_member_whose_first_posts_were_published_posts_at_once(client, trusted_member, category):
    client.force_login(trusted_member)
    _new_thread(client, category)
    post = Post.objects.filter(author=trusted_member).latest("pk")
    assert post.status == Post.Status.PUBLISHED
    assert post.thread.is_visible
    assert post.thread.post_count == 1


def test_a_phone_number_is_masked_and_the_author_told_why(client, trusted_member, category):
    client.force_login(trusted_member)
    response = _new_thread(client, category, body="Appelez-moi au 06 12 34 56 78 ou écrivez à karim@exemple.fr")
    post = Post.objects.filter(author=trusted_member).latest("pk")
    assert "06 12 34 56 78" not in post.body
    assert "karim@exemple.fr" not in post.body
    assert post.masked_kinds == ["email", "phone"]
    page = client.get(response["Location"]).content.decode()
    assert "[numéro de téléphone masqué]" in page
    assert "Nous avons masqué dans votre message une adresse e-mail, un numéro de téléphone" in page


def test_html_and_scripts_are_shown_as_text(client, trusted_member, category):
    client.force_login(trusted_member)
    response = _new_thread(client, category, title="<b>Titre</b> piégé", body='<script>alert("x")</script><img src=x>')
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Titre&lt;/b&gt; piégé" in page


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Écrivez votre message avant de l&#x27;envoyer."),
        ("x" * 10_001, "Votre message dépasse 10 000 caractères"),
    ],
)
def test_an_empty_or_huge_reply_is_refused_and_the_text_kept(client, trusted_member, body, error):
    thread = PostFactory().thread
    client.force_login(trusted_member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": body})
    assert response.status_code == 400
    content = response.content.decode()
    assert error in content
    assert "Votre texte est conservé" in content
    if body.strip():
        assert body in content
    assert thread.posts.count() == 1


def test_a_reply_to_a_closed_thread_is_refused_with_its_reason(client, trusted_member):
    thread = PostFactory().thread
    Thread.objects.filter(pk=thread.pk).update(is_closed=True)
    client.force_login(trusted_member)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Une réponse tardive"})
    assert response.status_code == 400
    assert "Ce sujet est fermé par la modération" in response.content.decode()
    assert "Une réponse tardive" in response.content.decode()
    assert thread.posts.count() == 1


def test_a_reply_to_a_removed_thread_is_a_404(client, trusted_member):
    thread = PostFactory().thread
    Thread.objects.filter(pk=thread.pk).update(removed_at=timezone.now())
    client.force_login(trusted_member)
    assert client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Bonjour"}).status_code == 404
    with pytest.raises(services.ForumError, match="retiré du forum"):
        services.post_reply(thread=thread, body="Bonjour", by=trusted_member)


def test_the_same_form_sent_twice_makes_one_post(client, trusted_member):
    thread = PostFactory().thread
    client.force_login(trusted_member)
    data = {"body": "Merci pour vos réponses", "key": "0b6d4c1e-7a55-4c0e-9f52-6a8f2d3c9b11"}
    first = client.post(reverse("forum:reply", args=[thread.pk]), data)
    second = client.post(reverse("forum:reply", args=[thread.pk]), data)
    assert first["Location"] == second["Location"]
    assert thread.posts.filter(author=trusted_member).count() == 1
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_the_same_new_thread_sent_twice_makes_one_thread(client, trusted_member, category):
    client.force_login(trusted_member)
    data = {"key": "1b6d4c1e-7a55-4c0e-9f52-6a8f2d3c9b11"}
    _new_thread(client, category, **data)
    _new_thread(client, category, **data)
    assert Thread.objects.filter(author=trusted_member, category=category).count() == 1


def test_a_suspended_member_is_told_until_when_and_nothing_is_posted(client, trusted_member, moderator):
    thread = PostFactory().thread
    services.sanction_impose(
        member=trusted_member, kind=Sanction.Kind.SUSPENSION, days=7, reason="Insultes répétées", by=moderator
    )
    client.force_login(trusted_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Votre compte est suspendu sur le forum jusqu" in page
    assert "Publier ma réponse" not in page
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Je reviens quand même"})
    assert response.status_code == 400
    until = timezone.localtime(timezone.now() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    assert f"suspendu sur le forum jusqu&#x27;au {until}" in response.content.decode()
    assert "Je reviens quand même" in response.content.decode()
    assert thread.posts.count() == 1


def test_a_suspension_ends_on_its_date_and_an_exclusion_does_not(trusted_member, moderator, time_machine):
    thread = PostFactory().thread
    services.sanction_impose(member=trusted_member, kind="suspension", days=3, reason="Propos agressifs", by=moderator)
    time_machine.move_to(timezone.now() + dt.timedelta(days=3, minutes=1))
    assert services.post_reply(thread=thread, body="De retour, calmement", by=trusted_member).pk
    services.sanction_impose(member=trusted_member, kind="exclusion", reason="Nouvelles insultes", by=moderator)
    time_machine.move_to(timezone.now() + dt.timedelta(days=3000))
    with pytest.raises(services.ForumError, match="exclu"):
        services.post_reply(thread=thread, body="Encore moi", by=trusted_member)


def test_a_warning_does_not_stop_posting_and_is_emailed_with_its_date(
    trusted_member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.sanction_impose(member=trusted_member, kind="warning", reason="Hors sujet répété", by=moderator)
    assert services.sanction_in_force(trusted_member) is None
    assert mailoutbox[-1].to == [trusted_member.email]
    assert "avertissement" in mailoutbox[-1].subject.lower()
    assert timezone.localdate().strftime("%-d") in mailoutbox[-1].body


def test_a_flood_is_stopped_for_its_author_only(trusted_member, other_member, settings):
    settings.FORUM_POST_LIMITS = [(3, 600)]
    thread = PostFactory().thread
    for n in range(3):
        services.post_reply(thread=thread, body=f"Message {n}", by=trusted_member)
    with pytest.raises(services.ForumError, match="3 messages en moins de 10 minutes"):
        services.post_reply(thread=thread, body="Encore", by=trusted_member)
    PostFactory.create_batch(2, thread__author=other_member)
    assert services.post_reply(thread=thread, body="Je peux répondre", by=other_member).pk


def test_the_team_answers_with_the_official_badge_and_a_member_cannot(client, team_member, trusted_member):
    thread = PostFactory().thread
    client.force_login(team_member)
    form_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Publier comme réponse officielle" in form_page
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Le délai légal est d'un mois.", "official": "on"})
    answer = thread.posts.get(author=team_member)
    assert answer.is_official
    assert answer.status == Post.Status.PUBLISHED
    assert "Réponse officielle — équipe Logis" in client.get(thread.get_absolute_url()).content.decode()
    post = services.post_reply(thread=thread, body="Moi aussi je suis officiel", official=True, by=trusted_member)
    assert not post.is_official


def test_a_post_about_unpaid_rent_shows_the_way_to_social_support(client):
    post = PostFactory(body="Nous avons deux mois de loyer impayé et le bailleur menace d'expulsion.")
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "0805 16 00 75" in page
    assert "accompagnement social" in page.lower()
    assert "3919" not in page
    calm = PostFactory(body="Quel délai pour la commission ?")
    assert "0805 16 00 75" not in client.get(calm.thread.get_absolute_url()).content.decode()


def test_a_post_about_violence_also_shows_the_national_line(client):
    post = PostFactory(body="Mon conjoint est violent, je dois partir avec les enfants.")
    assert "3919" in client.get(post.thread.get_absolute_url()).content.decode()


def test_the_author_edits_and_deletes_their_post_and_no_one_else_can(client, member, other_member):
    post = PostFactory(thread__author=member)
    reply = PostFactory(thread=post.thread, author=member, body="Une précision")
    client.force_login(other_member)
    assert client.get(reverse("forum:edit", args=[reply.pk])).status_code == 404
    assert client.post(reverse("forum:delete", args=[reply.pk])).status_code == 404
    client.force_login(member)
    client.post(reverse("forum:edit", args=[reply.pk]), {"body": "Une précision : mon fixe 01 23 45 67 89"})
    reply.refresh_from_db()
    assert reply.body == "Une précision : mon fixe [numéro de téléphone masqué]"
    assert reply.edited_at is not None
    client.post(reverse("forum:delete", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.status == Post.Status.DELETED
    assert reply.body == ""
    post.thread.refresh_from_db()
    assert post.thread.post_count == 1
    assert post.thread.is_visible
    client.post(reverse("forum:delete", args=[post.pk]))
    post.thread.refresh_from_db()
    assert not post.thread.is_visible
    assert client.get(reverse("forum:category", args=[post.thread.category.slug])).status_code == 200


def test_a_thread_pages_its_replies(client, django_assert_max_num_queries):
    thread = PostFactory().thread
    for n in range(44):
        PostFactory(thread=thread, body=f"Réponse numéro {n}")
    with django_assert_max_num_queries(8):
        first = client.get(thread.get_absolute_url()).content.decode()
    assert "Page 1 sur 3" in first
    assert "Réponse numéro 18" in first
    assert "Réponse numéro 19" not in first
    last = client.get(thread.get_absolute_url() + "?page=3").content.decode()
    assert "Réponse numéro 43" in last
    # The address of a post leads to its page.
    post = thread.posts.get(body="Réponse numéro 30")
    response = client.get(reverse("forum:post", args=[post.pk]))
    assert response["Location"].endswith(f"?page=2#message-{post.pk}")


def test_a_thread_address_without_its_title_is_redirected(client):
    thread = ThreadFactory(title="Visale et garant")
    PostFactory(thread=thread)
    response = client.get(reverse("forum:thread_short", args=[thread.pk]))
    assert response["Location"] == f"/forum/sujets/{thread.pk}/visale-et-garant/"
