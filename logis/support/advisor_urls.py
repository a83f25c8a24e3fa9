"""The advisors' caseload, beside their queue of agreements (/conseiller/, logis.employers.advisor_urls)."""

from django.urls import path

from logis.support import views

app_name = "support_advisors"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("<int:pk>/", views.advisor_case, name="case"),
    path("<int:pk>/contrats/<int:contract_pk>/pdf/", views.advisor_contract_pdf, name="contract_pdf"),
]
