from django.conf import settings


def platform(request):
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "CONTACT_PHONE": settings.LOGIS_CONTACT_PHONE,
        "CONTACT_HOURS": settings.LOGIS_CONTACT_HOURS,
    }


def remember_nav_roles(request, roles: frozenset[str]) -> None:
    """Give the navigation the roles a view has already read (the active memberships' roles): no second query."""
    request._nav_roles = frozenset(roles)


def roles(request):
    """The professional roles of the signed-in person, for the navigation (permissions are checked in views)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_applicant:
        return {"nav_roles": frozenset()}
    if not hasattr(request, "_nav_roles"):
        request._nav_roles = frozenset(user.memberships.filter(is_active=True).values_list("role", flat=True))
    return {"nav_roles": request._nav_roles}
