from django.urls import path

from logis.aids import request_views, views

app_name = "aids"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("simulateurs/pret/", views.loan_simulator, name="loan"),
    path("simulateurs/capacite-d-emprunt/", views.capacity_simulator, name="capacity"),
    path("simulateurs/plan-de-financement/", views.plan_simulator, name="plan"),
    path("simulateurs/aide-au-logement/", views.housing_benefit_simulator, name="housing_benefit"),
    path("simulateurs/mobili-jeune/", views.mobili_jeune_simulator, name="mobili_jeune"),
    path("simulateurs/loca-pass/", views.loca_pass_simulator, name="loca_pass"),
    path("simulateurs/visale/", views.visale_simulator, name="visale"),
    path("mes-aides/", request_views.mine, name="mine"),
    path("mes-aides/demandes/<int:pk>/", request_views.request_page, name="request"),
    path("mes-aides/demandes/<int:pk>/<str:action>/", request_views.request_action, name="request_action"),
    path("<slug:code>/demander/", request_views.request_start, name="request_start"),
    path("<slug:code>/", views.aid_detail, name="detail"),
]
