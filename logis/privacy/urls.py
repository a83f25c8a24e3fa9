from django.urls import path

from logis.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("export.json", views.export_json, name="export_json"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
]
