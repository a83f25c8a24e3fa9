"""Forum factories. Traits name the situations: a published post, one held for moderation, a pending report."""

import factory
from django.utils import timezone

from logis.forum.models import Category, Post, Report, Thread
from tests.factories import UserFactory


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    category = factory.LazyFunction(lambda: Category.objects.get(slug="logement-social"))
    title = factory.Sequence(lambda n: f"Délai pour une réponse du bailleur ({n})")
    author = factory.SubFactory(UserFactory)
    is_visible = True


class PostFactory(factory.django.DjangoModelFactory):
    """A published post (counted in its thread)."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.author")
    body = "Bonjour, combien de temps le bailleur a-t-il pour répondre après la commission ?"
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        held = factory.Trait(status=Post.Status.PENDING, published_at=None)

    @factory.post_generation
    def _count(obj, create, extracted, **kwargs):
        if create and obj.status == Post.Status.PUBLISHED:
            Thread.objects.filter(pk=obj.thread_id).update(post_count=obj.thread.posts.published().count())


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    reason = Report.Reason.PERSONAL_DATA
    explanation = "Ce message donne le numéro de téléphone d'une personne."
    url = factory.LazyAttribute(lambda o: f"http://testserver/forum/messages/{o.post.pk}/")
    reporter_name = "Léa Garnier"
    reporter_email = "lea@exemple.fr"
    good_faith = True
