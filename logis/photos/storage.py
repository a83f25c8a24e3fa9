"""Where the offers' photos live: STORAGES["photos"] (config/settings.py, PHOTOS_STORAGE).

By default a directory under MEDIA_ROOT/photos that no URL serves; in production a bucket of an S3-compatible
object storage (the documents' private S3 storage class, with its own bucket or prefix). Either way the photos
are served by logis.photos.views, which checks that the offer is visible to the person (a draft's photos are
not public).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PhotoStorage(FileSystemStorage):
    """A file system storage under MEDIA_ROOT/photos (followed when the setting changes, as in tests)."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "photos")

    def url(self, name):
        raise ValueError("Photos are served by logis.photos.views, which checks the offer's visibility.")


def photo_storage():
    return storages["photos"]
