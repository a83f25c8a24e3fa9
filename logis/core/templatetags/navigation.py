"""{% main_nav %}: the main menu of base.html. It is the same for everyone in the same situation (a signed-out
visitor; an applicant on a given page; a professional with given roles), so each situation's menu is rendered once
per process and kept in the template fragments' cache (CACHES["template_fragments"], the process's memory: a new
version of the code comes with a restart). Rendering its links, a dozen reversed URLs and as many conditions, cost
about a third of base.html on every page (issue #13)."""

import functools

from django import template
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

register = template.Library()

# The applicant's menu, in its order: the view of each link and its label.
APPLICANT_LINKS = (
    ("home:dashboard", "Mon espace"),
    ("demands:situation", "Ma situation"),
    ("demands:information", "Les informations"),
    ("offers:list", "Mes offres"),
    ("applications:list", "Mes candidatures"),
    ("documents:checklist", "Mon dossier"),
)
# The pages the applicant's menu marks as the current one (aria-current): its links and the two of « Aides et
# services ». The name of the page's view says it (none of them takes an argument: one name, one address).
MARKED_PAGES = frozenset({*(name for name, _label in APPLICANT_LINKS), "aids:mine", "moving:checklist"})


def _urls() -> str:
    """Which addresses the reversed URLs have: the URL configuration and the prefix the site is served under."""
    return f"{get_urlconf() or settings.ROOT_URLCONF}:{get_script_prefix()}"


def _variant(context) -> tuple[str, str, dict]:
    """(what the menu depends on, its template, the template's values)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return "signed-out", "includes/_nav_signed_out.html", {}
    if user.is_applicant:
        match = getattr(context.get("request"), "resolver_match", None)
        current = match.view_name if match is not None and match.view_name in MARKED_PAGES else ""
        return f"applicant:{current}", "includes/_nav_applicant.html", {"links": APPLICANT_LINKS, "current": current}
    roles = sorted(context.get("nav_roles") or ())
    values = {"roles": roles, "logis_staff": user.kind == user.Kind.STAFF, "admin": user.is_staff}
    return (
        f"professional:{','.join(roles)}:{int(values['logis_staff'])}:{int(values['admin'])}",
        "includes/_nav_professional.html",
        values,
    )


@register.simple_tag(takes_context=True)
def main_nav(context) -> str:
    variant, template_name, values = _variant(context)
    key = f"main-nav:{_urls()}:{variant}"
    try:
        fragments = caches["template_fragments"]
    except InvalidCacheBackendError:  # as {% cache %}: settings without that alias use the default cache
        fragments = caches["default"]
    html = fragments.get(key)
    if html is None:
        html = render_to_string(template_name, values)
        fragments.set(key, html, None)
    return mark_safe(html)  # noqa: S308 - rendered from our templates, whose variables are escaped


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% fixed_url 'notifications:index' %}`: the address of a page that takes no argument, as `{% url %}` gives
    it, reversed once per process rather than on every page (base.html's links around the menu)."""
    return _reversed(name, _urls())


@functools.lru_cache(maxsize=128)
def _reversed(name: str, _urls: str) -> str:
    return reverse(name)
