"""Back office: read-only. Agreements are answered in the employer's space or the advisors' queue (services)."""

from django.contrib import admin

from logis.audit.admin import AuditedReadAdmin
from logis.employers.models import Agreement, EmployerPriorities, Invitation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin, AuditedReadAdmin):
    audit_label = "Demande d'accord à l'employeur (back-office)"

    def audit_subject(self, obj):
        return obj.demand

    list_display = ["demand", "handler", "employer", "status", "requested_at", "decided_at"]
    list_filter = ["handler", "status"]
    search_fields = ["demand__numero_unique", "demand__owner__email", "employer__name", "employer__siret"]
    list_select_related = ["demand", "employer"]
    fields = [
        "demand",
        "handler",
        "employer",
        "status",
        "reason",
        "staff_category",
        "share_application_status",
        "requested_at",
        "decided_at",
        "decided_by",
    ]


@admin.register(EmployerPriorities)
class EmployerPrioritiesAdmin(ReadOnlyAdmin):
    list_display = ["organization", "permanent_contract_first", "min_seniority_months", "updated_at"]
    search_fields = ["organization__name", "organization__siret"]
    list_select_related = ["organization"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organization", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
