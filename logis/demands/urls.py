from django.urls import path

from logis.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.situation, name="situation"),
    path("importer/", views.import_start, name="import_start"),
    path("importer/code/", views.import_confirm, name="import_confirm"),
    path("importer/nouveau-code/", views.import_resend, name="import_resend"),
    path("importer/autre-numero/", views.import_abandon, name="import_abandon"),
    path("actualiser/", views.refresh, name="refresh"),
    path("informations/", views.information, name="information"),
    path("ressources/", views.income_exception, name="income_exception"),
]
