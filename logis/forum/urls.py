from django.urls import path

from logis.forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("charte/", views.charter, name="charter"),
    path("recherche/", views.search, name="search"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/messages/<int:pk>/", views.moderate_post, name="moderate_post"),
    path("moderation/signalements/<int:pk>/", views.moderate_report, name="moderate_report"),
    path("moderation/membres/<int:pk>/", views.member, name="member"),
    path("sujets/<int:pk>/repondre/", views.reply, name="reply"),
    path("sujets/<int:pk>/fermeture/", views.thread_close, name="thread_close"),
    path("sujets/<int:pk>/", views.thread, name="thread_short"),
    path("sujets/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("messages/<int:pk>/", views.post_link, name="post"),
    path("messages/<int:pk>/modifier/", views.edit, name="edit"),
    path("messages/<int:pk>/supprimer/", views.delete, name="delete"),
    path("messages/<int:pk>/signaler/", views.report, name="report"),
    path("<slug:slug>/", views.category, name="category"),
    path("<slug:slug>/nouveau-sujet/", views.new_thread, name="new_thread"),
]
