from django.urls import path

from logis.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.checklist_page, name="checklist"),
    path("pieces/<str:kind>/deposer/", views.piece_upload_page, name="upload"),
    path("pieces/<int:pk>/supprimer/", views.piece_delete_page, name="delete"),
    path("consultations/", views.access_log_page, name="access_log"),
    # The only ways out for a document: both check the permission and log the access.
    path("fichiers/<int:pk>/", views.file_download, name="file_download"),
    path("candidatures/<int:pk>/synthese.pdf", views.file_summary, name="summary"),
]
