"""Reports (DSA notice-and-action), the moderators' queue, removal with a statement of reasons, sanctions."""

import pytest
from django.urls import reverse

from logis.forum import services
from logis.forum.models import ModerationDecision, Post, Report
from tests.forum.factories import PostFactory, ReportFactory

pytestmark = pytest.mark.django_db

REPORT = {
    "reason": "personal_data",
    "explanation": "Le message donne le numéro de portable d'une voisine.",
    "name": "Léa Garnier",
    "email": "lea@exemple.fr",
    "good_faith": "on",
}


def test_anyone_reports_a_post_with_the_fields_the_dsa_asks(client, mailoutbox, django_capture_on_commit_callbacks):
    post = PostFactory()
    form = client.get(reverse("forum:report", args=[post.pk])).content.decode()
    address = f"http://testserver/forum/messages/{post.pk}/"
    assert f'value="{address}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forum:report", args=[post.pk]), {**REPORT, "url": address})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reason, report.url, report.reporter_name, report.reporter_email, report.good_faith) == (
        "personal_data",
        address,
        "Léa Garnier",
        "lea@exemple.fr",
        True,
    )
    assert report.status == Report.Status.PENDING
    assert mailoutbox[-1].to == ["lea@exemple.fr"]
    assert "bien reçu" in mailoutbox[-1].subject


@pytest.mark.parametrize(
    ("missing", "error"),
    [
        ("reason", "Choisissez le motif du signalement."),
        ("explanation", "Expliquez en quelques mots pourquoi vous signalez ce message."),
        ("good_faith", "Cochez la déclaration de bonne foi"),
        ("email", "Indiquez votre adresse e-mail."),
        ("name", "Indiquez vos nom et prénom."),
    ],
)
def test_a_report_without_a_required_field_says_what_to_do_and_keeps_the_rest(client, missing, error):
    post = PostFactory()
    data = {**REPORT, "url": f"http://testserver/forum/messages/{post.pk}/"}
    del data[missing]
    response = client.post(reverse("forum:report", args=[post.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert error in content.replace("&#x27;", "'")
    if missing != "explanation":
        assert "numéro de portable d&#x27;une voisine" in content
    assert not Report.objects.exists()


def test_the_same_report_sent_twice_is_one_report(client):
    post = PostFactory()
    data = {**REPORT, "key": "2b6d4c1e-7a55-4c0e-9f52-6a8f2d3c9b11"}
    client.post(reverse("forum:report", args=[post.pk]), data)
    client.post(reverse("forum:report", args=[post.pk]), data)
    assert Report.objects.count() == 1


def test_the_moderation_queue_is_for_moderators_only(client, member, team_member, moderator):
    for user in (member, team_member):
        client.force_login(user)
        assert client.get(reverse("forum:moderation")).status_code == 404
    report = ReportFactory()
    assert client.get(reverse("forum:moderate_report", args=[report.pk])).status_code == 404
    client.force_login(moderator)
    page = client.get(reverse("forum:moderation")).content.decode()
    assert "Signalements à traiter (1)" in page


def test_a_moderator_publishes_a_held_post(client, moderator, member, mailoutbox, django_capture_on_commit_callbacks):
    held = PostFactory(thread__author=member, thread__is_visible=False, held=True)
    client.force_login(moderator)
    assert held.body in client.get(reverse("forum:moderation")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:moderate_post", args=[held.pk]), {"decision": "approve"})
    held.refresh_from_db()
    held.thread.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED
    assert held.thread.is_visible
    assert held.thread.post_count == 1
    assert mailoutbox[-1].to == [member.email]


def test_a_held_post_refused_tells_its_author_why(
    client, moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    held = PostFactory(thread__author=member, thread__is_visible=False, held=True, body="Achetez mes meubles !")
    client.force_login(moderator)
    response = client.post(reverse("forum:moderate_post", args=[held.pk]), {"decision": "reject", "ground": ""})
    assert response.status_code == 400
    assert "Choisissez l&#x27;article de la charte" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:moderate_post", args=[held.pk]),
            {"decision": "reject", "ground": "advertising", "explanation": "Le forum n'est pas un lieu de vente."},
        )
    held.refresh_from_db()
    assert held.status == Post.Status.REJECTED
    body = mailoutbox[-1].body
    assert "Publicité ou démarchage (article 5 de la charte)" in body
    assert "Le forum n'est pas un lieu de vente." in body
    assert "Achetez mes meubles !" in body


def test_an_upheld_report_removes_the_post_and_tells_author_and_reporter(
    client, moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    post = PostFactory(thread__author=member, body="Ma voisine Mme X est une voleuse")
    reply = PostFactory(thread=post.thread, author=member, body="Et son mari aussi")
    report = ReportFactory(post=reply, reason=Report.Reason.HARASSMENT)
    second = ReportFactory(post=reply, reporter_email="autre@exemple.fr")
    client.force_login(moderator)
    assert "Et son mari aussi" in client.get(reverse("forum:moderate_report", args=[report.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:moderate_report", args=[report.pk]),
            {"decision": "uphold", "ground": "respect", "explanation": "Accusation publique d'une personne."},
        )
    assert response.status_code == 302
    reply.refresh_from_db()
    report.refresh_from_db()
    second.refresh_from_db()
    assert reply.status == Post.Status.REMOVED
    assert report.status == second.status == Report.Status.UPHELD
    decision = ModerationDecision.objects.get(post=reply)
    assert decision.report == report
    assert decision.moderator == moderator
    to_author = [m for m in mailoutbox if m.to == [member.email]]
    assert len(to_author) == 1
    assert "un signalement adressé à la modération" in to_author[0].body
    assert "Accusation publique d'une personne." in to_author[0].body
    assert "contester" in to_author[0].body
    to_reporters = sorted(m.to[0] for m in mailoutbox if "Suite donnée" in m.subject)
    assert to_reporters == ["autre@exemple.fr", "lea@exemple.fr"]
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "Et son mari aussi" not in page
    post.thread.refresh_from_db()
    assert post.thread.post_count == 1


def test_a_dismissed_report_keeps_the_post_and_answers_the_reporter(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    report = ReportFactory()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:moderate_report", args=[report.pk]),
            {"decision": "dismiss", "outcome": "Le message ne contient aucune donnée personnelle."},
        )
    report.refresh_from_db()
    report.post.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.post.status == Post.Status.PUBLISHED
    assert "reste en ligne" in mailoutbox[-1].body
    with pytest.raises(services.ForumError, match="déjà été traité"):
        services.report_dismiss(report=report, outcome="Une seconde fois ?", by=moderator)


def test_a_moderator_sanctions_a_member_from_their_page(
    client, moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    PostFactory(thread__author=member)
    client.force_login(moderator)
    response = client.post(
        reverse("forum:member", args=[member.pk]), {"kind": "suspension", "reason": "Insultes graves"}
    )
    assert "Une suspension dure de 1 à 365 jours." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:member", args=[member.pk]),
            {"kind": "suspension", "days": "15", "reason": "Insultes répétées"},
        )
    sanction = member.forum_sanctions.get()
    assert (sanction.ends_at - sanction.starts_at).days == 15
    assert "jusqu'au" in mailoutbox[-1].body
    assert "Suspension temporaire en cours" in client.get(reverse("forum:member", args=[member.pk])).content.decode()


def test_a_moderator_closes_a_thread(client, moderator, trusted_member):
    thread = PostFactory().thread
    client.force_login(moderator)
    client.post(reverse("forum:thread_close", args=[thread.pk]), {"closed": "1"})
    with pytest.raises(services.ForumError, match="fermé"):
        services.post_reply(thread=thread, body="Encore une question", by=trusted_member)


def test_only_moderators_act(member, trusted_member):
    post = PostFactory()
    with pytest.raises(services.ForumError, match="Réservé aux modérateurs"):
        services.post_remove(post=post, ground="respect", explanation="Je n'aime pas ce message", by=member)
    with pytest.raises(services.ForumError, match="Réservé aux modérateurs"):
        services.sanction_impose(member=trusted_member, kind="exclusion", reason="Je n'aime pas", by=member)
