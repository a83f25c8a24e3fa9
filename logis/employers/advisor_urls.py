from django.urls import path

from logis.employers import views

app_name = "advisors"
urlpatterns = [
    path("", views.advisor_queue, name="queue"),
    path("accords/<int:pk>/", views.advisor_agreement, name="agreement"),
    path("entreprises/", views.advisor_employers, name="employers"),
]
