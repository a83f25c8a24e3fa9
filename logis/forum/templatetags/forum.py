from django import template

register = template.Library()


@register.filter
def forum_name(user) -> str:
    """How a member signs on the forum: first name and the initial of the last name (the e-mail stays private)."""
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if first and last:
        return f"{first} {last[0].upper()}."
    return first or "Membre"
