from django.urls import path

from logis.searches import views

app_name = "searches"
urlpatterns = [
    path("", views.search_list, name="list"),
    path("enregistrer/", views.search_create, name="create"),
    path("<int:pk>/modifier/", views.search_edit, name="update"),
    path("<int:pk>/supprimer/", views.search_remove, name="delete"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("favoris/", views.favourite_list, name="favourites"),
    path("favoris/<int:pk>/", views.favourite_toggle, name="favourite"),
]
