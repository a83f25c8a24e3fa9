from django.urls import path

from logis.accounts import views

app_name = "accounts"
urlpatterns = [
    path("connexion/retablir/<str:token>/", views.unlock, name="unlock"),
]
