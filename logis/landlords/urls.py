from django.urls import path

from logis.landlords import views

app_name = "landlords"
urlpatterns = [path("", views.dashboard, name="dashboard")]
