"""Who sees a support case. Each predicate gives the business reason."""

from logis.employers.perms import is_advisor


def is_support_advisor(user) -> bool:
    """The social support is given by the advisors of the platform's operator (§1.6: a « conseiller social »): they
    alone, with the person, read a case. Never an employer, never a landlord, never the rest of the team."""
    return is_advisor(user)


def cases_visible_to(user, queryset):
    """An advisor sees the new requests (to take one) and the cases they follow; another advisor's case is not
    theirs to read."""
    from django.db.models import Q

    if not is_support_advisor(user):
        return queryset.none()
    return queryset.filter(Q(advisor=user) | Q(advisor__isnull=True, status="requested"))
