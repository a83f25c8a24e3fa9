from django.urls import path

from logis.contact import views

app_name = "contact"
urlpatterns = [
    path("", views.new, name="new"),
    path("mes-messages/", views.mine, name="mine"),
    path("suivi/<str:token>/", views.ticket, name="ticket"),
    path("suivi/<str:token>/pieces/<int:pk>/", views.attachment, name="attachment"),
    path("equipe/", views.inbox, name="inbox"),
    path("equipe/<int:pk>/", views.inbox_ticket, name="inbox_ticket"),
    path("equipe/<int:pk>/suivi/", views.inbox_assign, name="inbox_assign"),
    path("equipe/<int:pk>/cloture/", views.inbox_close, name="inbox_close"),
    path("equipe/<int:pk>/pieces/<int:message_pk>/", views.inbox_attachment, name="inbox_attachment"),
]
