from django.contrib import admin

from logis.searches.models import Favourite, SavedSearch, SearchAlertSent


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "frequency", "eligible_only", "created_at")
    list_filter = ("frequency", "eligible_only")
    raw_id_fields = ("owner",)
    search_fields = ("name", "owner__email")


@admin.register(SearchAlertSent)
class SearchAlertSentAdmin(admin.ModelAdmin):
    list_display = ("search", "offer", "sent_at")
    raw_id_fields = ("search", "offer")


@admin.register(Favourite)
class FavouriteAdmin(admin.ModelAdmin):
    list_display = ("owner", "offer", "created_at")
    raw_id_fields = ("owner", "offer")
