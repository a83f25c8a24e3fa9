from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("logis.home.urls")),
    path("compte/", include("logis.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("registre/", include("logis.registry.urls")),
    path("ma-situation/", include("logis.demands.urls")),
    path("offres/", include("logis.offers.urls")),
    path("candidatures/", include("logis.applications.urls")),
    path("", include("logis.eligibility.urls")),
    path("bailleur/", include("logis.landlords.urls")),
    path("commission/", include("logis.commission.urls")),
    path("entreprise/", include("logis.employers.urls")),
    path("conseiller/", include("logis.employers.advisor_urls")),
    path("mon-dossier/", include("logis.documents.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEMO_MODE:
    urlpatterns += [path("demo/", include("logis.notifications.demo_urls"))]
