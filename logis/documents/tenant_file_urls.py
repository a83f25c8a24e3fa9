"""The shared tenant file, as its recipient (an estate agency or a private owner) opens it (issue #19)."""

from django.urls import path

from logis.documents import tenant_file_views

app_name = "tenant_files"
urlpatterns = [
    path("recus/<int:pk>/", tenant_file_views.shared_in_workspace, name="received"),
    path("recus/<int:pk>/fichiers/<int:file_pk>/", tenant_file_views.shared_piece, name="piece"),
    path("<str:token>/", tenant_file_views.shared_by_link, name="shared"),
]
