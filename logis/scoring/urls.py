from django.urls import path

from logis.scoring import views

app_name = "scoring"
urlpatterns = [path("grilles/", views.grids, name="grids")]
