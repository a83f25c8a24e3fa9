from django.urls import path

from logis.registry import views

app_name = "registry"
urlpatterns = [
    path("deposer/", views.file_start, name="file_start"),
    path("deposer/etape/<slug:step>/", views.file_step, name="file_step"),
    path("deposer/recapitulatif/", views.file_summary, name="file_summary"),
    path("deposer/confirmation/", views.file_done, name="file_done"),
    path("communes/", views.commune_suggestions, name="commune_suggestions"),
]
