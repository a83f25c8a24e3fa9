from django.urls import path

from logis.photos import views

app_name = "photos"
urlpatterns = [
    path("<int:pk>/<int:width>.webp", views.photo_image, name="image"),
]
