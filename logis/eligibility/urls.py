from django.urls import path

from logis.eligibility import views

app_name = "eligibility"
urlpatterns = [path("plafonds-de-ressources/", views.ceilings, name="ceilings")]
