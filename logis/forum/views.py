"""The forum (/forum/): reading is open to everyone, writing to signed-in members, moderation to moderators.

Objects are read through the scoped querysets (visible threads, posts readable by the person), then
get_object_or_404: a held or removed post of someone else is a 404.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from logis.forum import selectors, services
from logis.forum.forms import (
    DismissForm,
    EditForm,
    PostForm,
    RemovalForm,
    ReportForm,
    SanctionForm,
    SearchForm,
    ThreadForm,
)
from logis.forum.masking import LABELS
from logis.forum.models import Category, Post, Report, Sanction, Thread
from logis.forum.perms import is_logis_team, is_moderator, may_edit
from logis.forum.topics import distress_topics


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise Http404("Pas d'espace de modération pour ce compte.")
        return view(request, *args, **kwargs)

    return wrapper


def _masked_notice(request, post: Post) -> None:
    if post.masked_kinds:
        what = ", ".join(LABELS[kind] for kind in post.masked_kinds)
        messages.warning(
            request,
            f"Nous avons masqué dans votre message {what} : la charte du forum interdit les données personnelles "
            "dans un message public, pour vous protéger des usages malveillants. Pour les transmettre à l'équipe, "
            "utilisez la page « Contacter l'équipe ».",
        )


def _posted_notice(request, post: Post) -> None:
    if post.status == Post.Status.PENDING:
        messages.info(
            request,
            "Merci ! Vos premiers messages sont relus par un modérateur avant d'être publiés : le vôtre le sera "
            "dès sa validation, et un e-mail vous le dira.",
        )
    else:
        messages.success(request, "Votre message est publié.")
    _masked_notice(request, post)


def _page(request, queryset, size=selectors.PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@login_not_required
def index(request):
    return render(
        request,
        "forum/index.html",
        {"categories": selectors.categories_with_activity(), "q": ""},
    )


@login_not_required
def charter(request):
    return render(request, "forum/charter.html", {"premoderated": settings.FORUM_PREMODERATED_POSTS})


@login_not_required
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    page = _page(request, selectors.threads_of(category))
    return render(request, "forum/category.html", {"category": category, "page": page})


@login_not_required
def new_thread(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    team = is_logis_team(request.user)
    form = ThreadForm(request.POST or None, team=team)
    sanction = services.sanction_in_force(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.thread_create(
                category=category,
                title=data["title"],
                body=data["body"],
                official=data.get("official", False),
                by=request.user,
                key=data["key"],
            )
        except services.ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            _posted_notice(request, post)
            return redirect(post.thread.get_absolute_url())
    return render(request, "forum/new_thread.html", {"category": category, "form": form, "sanction": sanction})


def _thread_or_404(request, pk) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("category").defer("search"), pk=pk, removed_at__isnull=True
    )
    if not thread.is_visible:
        # Held for moderation: its author and the moderators read it; anyone else gets a 404.
        user = request.user
        if not (user.is_authenticated and (thread.author_id == user.pk or is_moderator(user))):
            raise Http404("Sujet introuvable.")
    return thread


@login_not_required
def thread(request, pk, slug=None):
    thread = _thread_or_404(request, pk)
    if slug != thread.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]:
        return redirect(thread.get_absolute_url() + (f"?{request.GET.urlencode()}" if request.GET else ""))
    page = _page(request, selectors.thread_posts(thread, request.user))
    user = request.user
    topics = set()
    for post in page:
        topics |= distress_topics(post.body)
    reply_form = None
    sanction = None
    if user.is_authenticated and not thread.is_closed and thread.is_visible:
        sanction = services.sanction_in_force(user)
        if sanction is None:
            reply_form = PostForm(team=is_logis_team(user))
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "page": page,
            "reply_form": reply_form,
            "sanction": sanction,
            "distress": topics,
            "moderator": is_moderator(user),
        },
    )


@login_not_required
def post_link(request, pk):
    """The address of one post (the one a report gives): its page of the thread, at its anchor."""
    post = get_object_or_404(Post.objects.readable_by(request.user).select_related("thread"), pk=pk)
    thread = _thread_or_404(request, post.thread_id)
    page = selectors.page_of_post(post, request.user)
    suffix = f"?page={page}" if page > 1 else ""
    return redirect(f"{thread.get_absolute_url()}{suffix}#message-{post.pk}")


def reply(request, pk):
    thread = _thread_or_404(request, pk)
    if request.method != "POST":
        return redirect(f"{thread.get_absolute_url()}#repondre")
    form = PostForm(request.POST, team=is_logis_team(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_reply(
                thread=thread,
                body=data["body"],
                official=data.get("official", False),
                by=request.user,
                key=data["key"],
            )
        except services.ForumError as error:
            form.add_error("body" if error.field == "body" else None, error.message)
        else:
            _posted_notice(request, post)
            return redirect("forum:post", post.pk)
    # The text typed stays in the form, with the reason it was not published.
    return render(
        request,
        "forum/reply_error.html",
        {"thread": thread, "form": form},
        status=400 if form.errors else 200,
    )


def edit(request, pk):
    post = get_object_or_404(Post.objects.filter(author=request.user).select_related("thread"), pk=pk)
    if not may_edit(request.user, post):
        raise Http404("Message introuvable.")
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(post=post, body=form.cleaned_data["body"], by=request.user)
        except services.ForumError as error:
            form.add_error("body" if error.field == "body" else None, error.message)
        else:
            messages.success(request, "Votre message est modifié.")
            _masked_notice(request, post)
            return redirect("forum:post", post.pk)
    return render(request, "forum/edit.html", {"post": post, "form": form})


def delete(request, pk):
    post = get_object_or_404(Post.objects.filter(author=request.user).select_related("thread"), pk=pk)
    if not may_edit(request.user, post):
        raise Http404("Message introuvable.")
    if request.method == "POST":
        thread = post.thread
        services.post_delete(post=post, by=request.user)
        messages.success(request, "Votre message est supprimé.")
        thread.refresh_from_db()
        if thread.is_visible:
            return redirect(thread.get_absolute_url())
        return redirect("forum:category", thread.category.slug)
    return render(request, "forum/delete.html", {"post": post})


@login_not_required
def report(request, pk):
    post = get_object_or_404(
        Post.objects.published().filter(thread__removed_at__isnull=True).select_related("thread"), pk=pk
    )
    url = request.build_absolute_uri(reverse("forum:post", args=[post.pk]))
    user = request.user
    initial = {"url": url}
    if user.is_authenticated:
        initial.update(name=user.get_full_name(), email=user.email)
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_create(
                post=post,
                reason=data["reason"],
                explanation=data["explanation"],
                url=url,  # the post's own address, whatever was sent
                name=data["name"],
                email=data["email"],
                good_faith=data["good_faith"],
                by=user,
                key=data["key"],
            )
        except services.ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                "Votre signalement est enregistré : un modérateur l'examine, et vous recevez par e-mail un accusé "
                "de réception puis la suite donnée.",
            )
            return redirect("forum:post", post.pk)
    return render(request, "forum/report.html", {"post": post, "form": form})


@login_not_required
def search(request):
    form = SearchForm(request.GET or None)
    q = ""
    page = threads = None
    if form.is_valid():
        q = " ".join(form.cleaned_data["q"].split())
    if q:
        posts, threads, count = selectors.search(q)
        threads = list(threads[:5])
        page = selectors.CappedPaginator(posts, selectors.PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/search.html",
        {
            "form": form,
            "q": q,
            "page": page,
            "threads": threads,
            "capped": page is not None and page.paginator.count > selectors.SEARCH_CAP,
        },
    )


# --- moderation -----------------------------------------------------------------------------------------------


@moderator_required
def moderation(request):
    pending_posts, pending_reports = selectors.moderation_queue()
    return render(
        request,
        "forum/moderation.html",
        {
            "posts": _page(request, pending_posts),
            "reports": pending_reports[:50],
            "report_count": pending_reports.count(),
        },
    )


def _moderation_action(request, action, *, on_success: str):
    try:
        action()
    except services.ForumError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, on_success)
    return True


@moderator_required
def moderate_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    if request.method != "POST":
        return render(request, "forum/moderate_post.html", {"post": post, "form": RemovalForm()})
    decision = request.POST.get("decision")
    if decision == "approve":
        _moderation_action(
            request, lambda: services.post_approve(post=post, by=request.user), on_success="Message publié."
        )
        return redirect("forum:moderation")
    form = RemovalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if post.status == Post.Status.PENDING:
            service = services.post_reject
            done = "Message refusé : son auteur reçoit les motifs par e-mail."
        else:
            service = services.post_remove
            done = "Message retiré : son auteur reçoit l'exposé des motifs par e-mail."
        if _moderation_action(
            request,
            lambda: service(post=post, ground=data["ground"], explanation=data["explanation"], by=request.user),
            on_success=done,
        ):
            return redirect("forum:moderation")
    return render(request, "forum/moderate_post.html", {"post": post, "form": form}, status=400)


@moderator_required
def moderate_report(request, pk):
    report = get_object_or_404(Report.objects.select_related("post", "post__thread", "post__author"), pk=pk)
    decision = request.POST.get("decision") if request.method == "POST" else None
    removal_form = RemovalForm(request.POST if decision == "uphold" else None)
    dismiss_form = DismissForm(request.POST if decision == "dismiss" else None)
    done = False
    if decision == "uphold" and removal_form.is_valid():
        data = removal_form.cleaned_data
        done = _moderation_action(
            request,
            lambda: services.report_uphold(
                report=report, ground=data["ground"], explanation=data["explanation"], by=request.user
            ),
            on_success="Message retiré : son auteur reçoit l'exposé des motifs, la personne qui l'a signalé la "
            "suite donnée.",
        )
    elif decision == "dismiss" and dismiss_form.is_valid():
        done = _moderation_action(
            request,
            lambda: services.report_dismiss(
                report=report, outcome=dismiss_form.cleaned_data["outcome"], by=request.user
            ),
            on_success="Signalement classé : la personne qui l'a fait reçoit votre réponse.",
        )
    if done:
        return redirect("forum:moderation")
    sanctions = Sanction.objects.filter(member=report.post.author)[:10]
    return render(
        request,
        "forum/moderate_report.html",
        {"report": report, "removal_form": removal_form, "dismiss_form": dismiss_form, "sanctions": sanctions},
        status=400 if decision else 200,
    )


@moderator_required
def member(request, pk):
    member = get_object_or_404(get_user_model().objects.filter(forum_posts__isnull=False).distinct(), pk=pk)
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sanction_impose(
                member=member, kind=data["kind"], reason=data["reason"], days=data.get("days"), by=request.user
            )
        except services.ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Sanction enregistrée : le membre en est informé par e-mail.")
            return redirect("forum:member", member.pk)
    posts = Post.objects.filter(author=member).select_related("thread").order_by("-created_at")[:20]
    return render(
        request,
        "forum/member.html",
        {
            "member": member,
            "form": form,
            "posts": posts,
            "sanctions": Sanction.objects.filter(member=member).select_related("by"),
            "in_force": services.sanction_in_force(member),
        },
    )


@moderator_required
@require_POST
def thread_close(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    closed = request.POST.get("closed") == "1"
    services.thread_set_closed(thread=thread, closed=closed, by=request.user)
    messages.success(request, "Sujet fermé aux réponses." if closed else "Sujet rouvert aux réponses.")
    return redirect(thread.get_absolute_url())
