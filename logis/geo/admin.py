from django.contrib import admin

from logis.geo.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee", "postal_code", "departement", "population"]
    list_filter = ["departement"]
    search_fields = ["^name", "=insee", "^postal_code"]
    ordering = ["name"]
    show_full_result_count = False
