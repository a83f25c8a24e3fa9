from django.urls import path

from logis.support import views

app_name = "support"
urlpatterns = [
    path("", views.request_support, name="request"),
    path("mon-accompagnement/", views.case, name="case"),
    path("etapes/<int:pk>/faite/", views.applicant_step_done, name="step_done"),
    path("contrats/<int:pk>/accepter/", views.applicant_accept, name="accept"),
    path("contrats/<int:pk>/pdf/", views.applicant_contract_pdf, name="contract_pdf"),
]
