"""Reads of the forum: lists, a thread's page, search, the moderation queue."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils.functional import cached_property

from logis.forum.models import Category, Post, Report, Thread

PAGE_SIZE = 20
SEARCH_CAP = 1000  # matches counted up to 1,000 ("plus de 1 000 messages"); beyond, the newest first


class CappedPaginator(Paginator):
    """Pages of search results whose count is known already, capped at SEARCH_CAP + 1: a word found in most posts
    would otherwise cost a count of the whole forum on every page."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


def categories_with_activity():
    visible = Thread.objects.visible()
    return Category.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__in=visible)),
        last_activity=Max("threads__last_post_at", filter=Q(threads__in=visible)),
    )


def threads_of(category):
    return Thread.objects.visible().filter(category=category).select_related("author")


def thread_posts(thread, user):
    # The search vector is for PostgreSQL's index, never for the page: not read.
    return thread.posts.readable_by(user).select_related("author").defer("search").order_by("created_at", "pk")


def page_of_post(post, user) -> int:
    before = thread_posts(post.thread, user).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // PAGE_SIZE + 1


def _uses_full_text() -> bool:
    return connection.vendor == "postgresql"


WORD = re.compile(r"\w+", re.UNICODE)


def _full_text_query(q: str) -> SearchQuery | None:
    """Every word, in its French stem or as the start of a word: the French snowball stemmer takes « loyer » to
    « loi » but « loyers » to « loyer », so the stem alone would miss the plural; the prefix on the simple
    configuration catches it. Punctuation and operators typed are dropped (no syntax error can reach PostgreSQL)."""
    query = None
    for word in WORD.findall(q.lower())[:12]:
        term = SearchQuery(word, config="french", search_type="plain")
        if len(word) >= 4:
            term |= SearchQuery(f"{word}:*", config="simple", search_type="raw")
        query = term if query is None else query & term
    return query


def search(q: str):
    """Published posts of visible threads that match, best first, their number up to SEARCH_CAP + 1, and the
    threads whose title matches.

    PostgreSQL: full-text with the French configuration (stems, accents, stop words), from the stored vectors
    kept by a trigger (migration 0002). SQLite (the demo): every word must appear in the post.
    """
    posts = Post.objects.published().filter(thread__is_visible=True, thread__removed_at__isnull=True)
    threads = Thread.objects.visible()
    if _uses_full_text():
        query = _full_text_query(q)
        if query is None:
            return posts.none(), threads.none(), 0
        posts = posts.filter(search=query)
        count = posts.values("pk")[: SEARCH_CAP + 1].count()
        if count <= SEARCH_CAP:
            # Few matches: the best first (ranking reads the vector of every match).
            posts = posts.annotate(rank=SearchRank(F("search"), query)).order_by("-rank", "-created_at")
        else:
            # A word found everywhere: ranking would read thousands of vectors; the newest first instead.
            posts = posts.order_by("-created_at", "-pk")
        threads = threads.filter(search=query).annotate(rank=SearchRank(F("search"), query))
        threads = threads.order_by("-rank", "-last_post_at")
    else:
        for word in q.split():
            posts = posts.filter(body__icontains=word)
            threads = threads.filter(title__icontains=word)
        posts = posts.order_by("-created_at", "-pk")
        threads = threads.order_by("-last_post_at")
        count = posts.values("pk")[: SEARCH_CAP + 1].count()
    posts = posts.select_related("thread", "author").defer("search", "thread__search")
    return posts, threads.select_related("category").defer("search"), count


def moderation_queue():
    pending_posts = (
        Post.objects.filter(status=Post.Status.PENDING)
        .select_related("thread", "thread__category", "author")
        .order_by("created_at", "pk")
    )
    first_ids = Subquery(Post.objects.filter(thread=OuterRef("thread")).order_by("created_at", "pk").values("pk")[:1])
    pending_posts = pending_posts.annotate(first_id=first_ids)
    pending_reports = (
        Report.objects.filter(status=Report.Status.PENDING)
        .select_related("post", "post__thread", "post__author")
        .order_by("created_at", "pk")
    )
    return pending_posts, pending_reports
