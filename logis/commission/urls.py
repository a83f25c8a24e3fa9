from django.urls import path

from logis.commission import views

app_name = "commission"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("seances/nouvelle/", views.session_create_view, name="session_create"),
    path("seances/<int:pk>/", views.session_detail, name="session"),
    path("seances/<int:pk>/candidats/<int:item_pk>/decision/", views.decide, name="decide"),
    path("seances/<int:pk>/arreter/", views.close, name="close"),
    path("seances/<int:pk>/proces-verbal/", views.minutes, name="minutes"),
    path("seances/<int:pk>/proces-verbal.pdf", views.minutes_pdf, name="minutes_pdf"),
]
