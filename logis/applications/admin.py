"""Back office: applications are read here; their state only changes through application_transition."""

from django.contrib import admin

from logis.applications.models import Application, TransitionLog
from logis.audit.admin import AuditedReadAdmin


class TransitionLogInline(admin.TabularInline):
    model = TransitionLog
    fields = ["at", "transition", "from_state", "to_state", "by", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(AuditedReadAdmin):
    audit_label = "Candidature (back-office)"

    def audit_subject(self, obj):
        return obj.demand

    list_display = ["__str__", "demand", "offer", "state", "created_at", "updated_at"]
    list_filter = ["state"]
    search_fields = ["demand__numero_unique", "demand__owner__email", "offer__reference", "offer__title"]
    list_select_related = ["demand", "offer__commune"]
    readonly_fields = ["demand", "offer", "state", "created_at", "updated_at"]
    inlines = [TransitionLogInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
