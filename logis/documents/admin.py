"""Back office: the retention dates, read only, for the Logis team (requests from applicants). The documents
themselves are not in the admin: they leave only through the logged download view. The access log is logis.audit's.
"""

from django.contrib import admin

from logis.documents.models import DemandRetention
from logis.organizations.roles import is_logis_team


class ReadOnlyForTheTeam(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Landlord agents have is_staff for their offers' admin: these rows are the Logis team's alone.
        return is_logis_team(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(DemandRetention)
class DemandRetentionAdmin(ReadOnlyForTheTeam):
    list_display = ["demand", "ended_on", "erase_on", "erased_at"]
    search_fields = ["demand__numero_unique"]
    list_select_related = ["demand"]
    fields = ["demand", "ended_on", "erase_on", "erased_at"]
    readonly_fields = fields
