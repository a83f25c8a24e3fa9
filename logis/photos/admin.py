from django.contrib import admin

from logis.photos.models import OfferPhoto


@admin.register(OfferPhoto)
class OfferPhotoAdmin(admin.ModelAdmin):
    list_display = ("offer", "position", "is_cover", "alt_text", "width", "height", "created_at")
    list_select_related = ("offer",)
    raw_id_fields = ("offer", "added_by")
    readonly_fields = ("content_key", "widths", "width", "height", "added_by", "created_at")
