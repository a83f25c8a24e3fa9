from django.urls import path

from logis.documents import views

app_name = "documents"
urlpatterns = [path("", views.checklist, name="checklist")]
