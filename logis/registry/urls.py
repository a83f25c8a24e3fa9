from django.urls import path

from logis.registry import views

app_name = "registry"
urlpatterns = [path("deposer/", views.file_start, name="file_start")]
