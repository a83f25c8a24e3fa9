from django.urls import path

from logis.documents import tenant_file_views, views

app_name = "documents"
urlpatterns = [
    path("", views.checklist_page, name="checklist"),
    path("pieces/<str:kind>/deposer/", views.piece_upload_page, name="upload"),
    path("pieces/<int:pk>/supprimer/", views.piece_delete_page, name="delete"),
    path("consultations/", views.access_log_page, name="access_log"),
    # « Mon dossier locataire » (private lettings, issue #19).
    path("locataire/", tenant_file_views.tenant_file_page, name="tenant_file"),
    path("locataire/partager/", tenant_file_views.tenant_file_share_view, name="tenant_file_share"),
    path("locataire/partages/<int:pk>/retirer/", tenant_file_views.tenant_file_revoke_view, name="tenant_file_revoke"),
    # The only ways out for a document: both check the permission and log the access.
    path("fichiers/<int:pk>/", views.file_download, name="file_download"),
    path("candidatures/<int:pk>/synthese.pdf", views.file_summary, name="summary"),
]
