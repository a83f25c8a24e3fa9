from django.contrib import admin

from logis.aids.models import AidStatusChange


@admin.register(AidStatusChange)
class AidStatusChangeAdmin(admin.ModelAdmin):
    """Suspend or reopen an aid: add a change (the history is kept, a change is never edited afterwards)."""

    list_display = ["aid", "status", "since", "created_by", "created_at"]
    list_filter = ["aid", "status"]
    fields = ["aid", "status", "since", "note"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
