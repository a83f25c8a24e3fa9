from django.urls import path

from logis.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
]
