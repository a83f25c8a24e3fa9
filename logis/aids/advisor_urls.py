from django.urls import path

from logis.aids import request_views

app_name = "aid_advisors"
urlpatterns = [
    path("", request_views.advisor_queue, name="queue"),
    path("<int:pk>/", request_views.advisor_request, name="request"),
]
