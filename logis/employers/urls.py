from django.urls import path

from logis.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inscription/", views.signup, name="signup"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("accords/", views.agreements, name="agreements"),
    path("accords/<int:pk>/", views.agreement, name="agreement"),
    path("priorites/", views.priorities, name="priorities"),
    path("equipe/", views.team, name="team"),
    # The applicant's side: what the employer may see of the application.
    path("salarie/partage/", views.share_consent, name="share_consent"),
]
