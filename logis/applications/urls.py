from django.urls import path

from logis.applications import views

app_name = "applications"
urlpatterns = [path("", views.application_list, name="list")]
