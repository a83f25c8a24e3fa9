"""The Logis team searches the access log here: by numéro unique, person, reader or organisation. Read only."""

from django.contrib import admin

from logis.audit.models import SensitiveRead
from logis.audit.services import Purpose, record_read
from logis.organizations.roles import Role, is_logis_team


@admin.register(SensitiveRead)
class SensitiveReadAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "organization", "role", "purpose", "what", "subject_label", "numero_unique"]
    list_filter = ["role", "purpose", "watermarked"]
    search_fields = ["numero_unique", "subject_label", "actor_label", "organization", "what"]
    date_hierarchy = "at"
    fields = [
        "at",
        "subject_label",
        "numero_unique",
        "actor_label",
        "organization",
        "role",
        "purpose",
        "what",
        "path",
        "watermarked",
        "application_id",
        "actor_id",
        "subject_id",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Landlord agents have is_staff for their offers' admin: the access log is the Logis team's alone.
        return is_logis_team(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_actions(self, request):
        return {}


class AuditedReadAdmin(admin.ModelAdmin):
    """A back-office page that shows a person's sensitive data: opening an object writes one access row.

    Subclasses say whose data an object holds (``audit_subject``: a Demand, a User, or None when only the object's
    ``numero_unique`` says it) and what it is (``audit_what``)."""

    audit_label = "Fiche du back-office"

    def audit_subject(self, obj):
        raise NotImplementedError

    def audit_what(self, obj) -> str:
        return f"{self.audit_label} : {obj}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and "original" in (response.context_data or {}):
            obj = response.context_data["original"]
            subject = self.audit_subject(obj)
            numero_unique = getattr(obj, "numero_unique", "") or ""
            if subject is not None or numero_unique:
                record_read(
                    request,
                    subject=subject,
                    what=self.audit_what(obj)[:250],
                    purpose=Purpose.SUPPORT,
                    role=Role.STAFF if is_logis_team(request.user) else Role.LANDLORD_AGENT,
                    organization="Équipe Logis" if is_logis_team(request.user) else "",
                    numero_unique=numero_unique,
                )
        return response
