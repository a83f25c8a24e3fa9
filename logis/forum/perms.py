"""Who does what on the forum. Each predicate gives the business reason."""

from logis.organizations.models import Membership, Organization
from logis.organizations.team import is_operator_member


def is_logis_team(user) -> bool:
    """The Logis team and the members of the platform's operator (its advisors and moderators) speak for Logis:
    their answers may carry the « réponse officielle » badge and are not held for moderation."""
    return is_operator_member(user)


def is_moderator(user) -> bool:
    """The forum's moderators are members of the Logis team with the moderator role: they publish held posts,
    handle reports, remove posts with a statement of reasons and sanction members (charter, DSA art. 16-17)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_forum_moderator", None)
    if cached is None:
        cached = Membership.objects.filter(
            user=user,
            role=Membership.Role.MODERATOR,
            is_active=True,
            organization__kind=Organization.Kind.OPERATOR,
        ).exists()
        user._forum_moderator = cached
    return cached


def may_edit(user, post) -> bool:
    """Only its author edits or deletes a post, while it is published or waiting (a removed post stays removed)."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.status in (post.Status.PUBLISHED, post.Status.PENDING)
    )
