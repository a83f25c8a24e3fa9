"""The notification centre (/notifications/): the person's own messages only (scoped by user, 404 otherwise)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from logis.notifications import centre
from logis.notifications.kinds import ALWAYS_BY_EMAIL, CATEGORIES
from logis.notifications.models import Notification

PAGE_SIZE = 20


def index(request):
    notifications = Notification.objects.filter(user=request.user)
    if request.GET.get("vue") == "non-lues":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/index.html",
        {"page": page, "unread_only": request.GET.get("vue") == "non-lues", "categories": CATEGORIES},
    )


def open_notification(request, pk):
    """Opening a notification marks it read and leads to its object (or back to the list when it has none)."""
    notification = get_object_or_404(Notification, user=request.user, pk=pk)
    centre.mark_read(user=request.user, notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect(f"/notifications/#notification-{notification.pk}")


@require_POST
def mark_all_read(request):
    count = centre.mark_read(user=request.user)
    messages.success(
        request,
        "Toutes vos notifications sont marquées comme lues." if count else "Aucune notification n'était non lue.",
    )
    return redirect("notifications:index")


def preferences(request):
    if request.method == "POST":
        chosen = {category for category in CATEGORIES if request.POST.get(category) == "on"}
        centre.preferences_save(user=request.user, by_email=chosen)
        messages.success(request, "Vos préférences sont enregistrées.")
        return redirect("notifications:preferences")
    always = sorted(set(ALWAYS_BY_EMAIL.values()))
    return render(
        request, "notifications/preferences.html", {"preferences": centre.preferences(request.user), "always": always}
    )
