from logis.notifications import centre


def unread(request):
    """The unread count of the header, read from the shared cache (no query on most pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": centre.unread_count(user)}
