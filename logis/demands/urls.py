from django.urls import path

from logis.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.situation, name="situation"),
    path("informations/", views.information, name="information"),
]
