from django.urls import path

from logis.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("mon-espace/", views.dashboard, name="dashboard"),
]
