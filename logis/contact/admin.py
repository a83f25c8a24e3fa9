from django.contrib import admin

from logis.contact.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only list: tickets are answered in the team's inbox (/contact/equipe/), which e-mails the person."""

    list_display = ["number", "subject", "status", "created_at", "first_answer_at", "assigned_to"]
    list_filter = ["status", "subject"]
    search_fields = ["number"]
    fields = ["number", "subject", "status", "created_at", "first_answer_at", "closed_at", "assigned_to"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
