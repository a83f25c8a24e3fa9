from django.urls import path

from logis.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("carte/", views.offer_map, name="map"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/interet/", views.purchase_interest, name="purchase_interest"),
    path("interets/", views.purchase_interests, name="purchase_interests"),
    path("interets/<int:pk>/retirer/", views.purchase_interest_withdraw_view, name="purchase_interest_withdraw"),
]
