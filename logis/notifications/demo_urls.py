from django.urls import path

from logis.notifications import demo_views

app_name = "demo"
urlpatterns = [
    path("courriels/", demo_views.mailbox, name="mailbox"),
    path("courriels/<str:key>/", demo_views.message, name="message"),
]
