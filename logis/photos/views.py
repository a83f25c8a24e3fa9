"""The photos of offers, served to the people who may see the offer (a draft's photos stay its landlord's)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from logis.photos.models import OfferPhoto
from logis.photos.storage import photo_storage

# A photo's files never change (named by their content): browsers keep them; "private": not in shared caches.
CACHE_CONTROL = "private, max-age=604800, immutable"


@require_GET
def photo_image(request, pk, width):
    photo = get_object_or_404(OfferPhoto.objects.visible_to(request.user), pk=pk)
    if width not in photo.widths:
        raise Http404
    try:
        handle = photo_storage().open(photo.file_name(width), "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/webp")
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
