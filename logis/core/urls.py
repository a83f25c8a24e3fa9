from django.urls import path

from logis.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mon-espace/", views.dashboard, name="dashboard"),
]
