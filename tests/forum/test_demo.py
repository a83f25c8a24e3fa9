import pytest
from django.urls import reverse
from django.utils import timezone

from logis.accounts.models import User
from logis.forum.demo import load_forum_demo
from logis.forum.models import Post, Report, Thread
from logis.forum.perms import is_moderator
from tests.factories import UserFactory, add_mfa

pytestmark = pytest.mark.django_db


def test_the_demo_forum_has_threads_a_held_post_a_pending_report_and_a_moderator(operator, client):
    for email in ("demandeur@logis.test", "salarie@logis.test", "salarie.discret@logis.test"):
        UserFactory(email=email)
    UserFactory(email="conseiller@logis.test")
    load_forum_demo(operator=operator, password="logis-demo-2025", now=timezone.now())
    load_forum_demo(operator=operator, password="logis-demo-2025", now=timezone.now())  # idempotent
    assert Thread.objects.visible().count() == 5
    assert Post.objects.filter(status=Post.Status.PENDING).count() == 1
    assert Post.objects.filter(is_official=True).count() == 2
    report = Report.objects.get()
    assert report.status == Report.Status.PENDING
    assert "[numéro de téléphone masqué]" in report.post.body
    moderator = User.objects.get(email="moderation@logis.test")
    assert is_moderator(moderator)
    add_mfa(
        moderator
    )  # the Logis team signs in with a second factor (issue #12); the demo sets it up at first sign-in
    client.force_login(moderator)
    assert client.get(reverse("home:dashboard"))["Location"] == reverse("forum:moderation")
