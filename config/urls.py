from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from logis.api.urls import api_urls


@login_not_required
def favicon(request):
    """Browsers and the admin's pages ask /favicon.ico whatever the page says: the platform's mark."""
    return redirect(static("logis/favicon.ico"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("logis.ops.urls")),
    path("", include("logis.home.urls")),
    path("compte/", include("logis.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("registre/", include("logis.registry.urls")),
    path("ma-situation/", include("logis.demands.urls")),
    path("offres/", include("logis.offers.urls")),
    path("photos/", include("logis.photos.urls")),
    path("mes-recherches/", include("logis.searches.urls")),
    path("candidatures/", include("logis.applications.urls")),
    path("", include("logis.eligibility.urls")),
    path("cotation/", include("logis.scoring.urls")),
    path("bailleur/", include("logis.landlords.urls")),
    path("commission/", include("logis.commission.urls")),
    path("entreprise/", include("logis.employers.urls")),
    path("conseiller/accompagnement/", include("logis.support.advisor_urls")),
    path("conseiller/", include("logis.employers.advisor_urls")),
    path("mon-dossier/", include("logis.documents.urls")),
    path("dossier-locataire/", include("logis.documents.tenant_file_urls")),
    path("api/v1/", api_urls),
    path("partenaires/", include("logis.api.urls")),
    path("forum/", include("logis.forum.urls")),
    path("contact/", include("logis.contact.urls")),
    path("accompagnement/", include("logis.support.urls")),
    path("notifications/", include("logis.notifications.urls")),
    path("aides/", include("logis.aids.urls")),
    path("conseiller/aides/", include("logis.aids.advisor_urls")),
    path("demenagement/", include("logis.moving.urls")),
    path("mes-donnees/", include("logis.privacy.urls")),
    path("admin/", admin.site.urls),
]

# French error pages that read no database (logis.ops.errors); an unreachable database answers 503, not 500.
handler400 = "logis.ops.errors.bad_request"
handler403 = "logis.ops.errors.permission_denied"
handler404 = "logis.ops.errors.page_not_found"
handler500 = "logis.ops.errors.server_error"

if settings.DEMO_MODE:
    from logis.accounts import demo_views as accounts_demo_views

    urlpatterns += [
        path("demo/codes/", accounts_demo_views.codes, name="demo_codes"),
        path("demo/", include("logis.notifications.demo_urls")),
    ]
