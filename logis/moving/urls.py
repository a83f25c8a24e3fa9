from django.urls import path

from logis.moving import views

app_name = "moving"
urlpatterns = [
    path("", views.checklist_page, name="checklist"),
    path("taches/<int:pk>/", views.task_toggle, name="task_toggle"),
]
