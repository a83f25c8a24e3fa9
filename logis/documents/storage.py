"""Where the applicant's documents live: a private storage, never under a public URL.

Configured as STORAGES["documents"] (config/settings.py, DOCUMENTS_STORAGE). By default a directory under
MEDIA_ROOT/documents that no URL serves; in production a private bucket of an S3-compatible object storage through
django-storages (PrivateS3DocumentStorage). Files are only ever read back by logis.documents.views, after the
permission check, which logs the access: neither storage gives a URL (a presigned S3 URL would bypass both).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage

NO_URL = "Private documents have no public URL: serve them through logis.documents.views."


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
        raise ValueError(NO_URL)


class PrivateS3DocumentStorage(S3Storage):
    """A private bucket of an S3-compatible object storage (AWS S3, Scaleway, OVHcloud, Garage, MinIO, ...).

    Every object is written with the "private" ACL whatever the options say, an existing name is never
    overwritten, and there is no URL, signed or not. The bucket itself should refuse public access (the
    provider's "block public access" setting); the backups copy it with `make backup` (README).
    """

    def __init__(self, **options):
        super().__init__(**options)
        self.default_acl = "private"
        self.file_overwrite = False
        self.querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)


def document_storage():
    return storages["documents"]
