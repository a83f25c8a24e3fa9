from django.urls import path

from logis.employers import views

app_name = "employers"
urlpatterns = [path("", views.dashboard, name="dashboard")]
