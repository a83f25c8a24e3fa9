"""Where the applicant's documents live: a private storage, never under a public URL.

Configured as STORAGES["documents"] (config/settings.py). By default a directory under MEDIA_ROOT/documents that
no URL serves; in production an S3-compatible bucket through django-storages (see .env.example). Files are only
ever read back by logis.documents.views, after the permission check.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateDocumentStorage(FileSystemStorage):
    """A file system storage under MEDIA_ROOT/documents (followed when the setting changes, as in tests)."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "documents")

    def url(self, name):
        raise ValueError("Private documents have no public URL: serve them through logis.documents.views.")


def document_storage():
    return storages["documents"]
