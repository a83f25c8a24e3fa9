from django.urls import path

from logis.commission import views

app_name = "commission"
urlpatterns = [path("", views.dashboard, name="dashboard")]
