from django.urls import path

from logis.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("postuler/<int:offer_pk>/", views.application_apply, name="apply"),
    path("<int:pk>/retirer/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/refuser/", views.application_refuse, name="refuse"),
    path("<int:pk>/reponse/<slug:answer>/", views.application_answer, name="answer"),
]
