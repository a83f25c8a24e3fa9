from django.urls import path

from logis.landlords import views

app_name = "landlords"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inscription/", views.signup, name="signup"),
    path("offres/nouvelle/", views.offer_create_view, name="offer_create"),
    path("offres/<int:pk>/modifier/", views.offer_edit, name="offer_edit"),
    path("offres/<int:pk>/apercu/", views.offer_preview, name="offer_preview"),
    path("offres/<int:pk>/statut/", views.offer_status, name="offer_status"),
    path("offres/<int:pk>/photos/", views.offer_photos, name="offer_photos"),
    path("photos/<int:pk>/<slug:action>/", views.offer_photo_act, name="offer_photo_act"),
    path("offres/<int:pk>/candidats/", views.offer_applicants, name="offer_applicants"),
    path("offres/<int:pk>/acquereurs/", views.offer_interests, name="offer_interests"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/visite/", views.visit_schedule, name="visit_schedule"),
    path("candidatures/<int:pk>/bail/", views.lease_record, name="lease_record"),
    path("candidatures/<int:pk>/proposer/", views.application_propose, name="application_propose"),
    path("candidatures/<int:pk>/<slug:action>/", views.application_act, name="application_act"),
]
