"""Back office: imported demands are read here, never written (imports and refreshes go through the services)."""

from django.contrib import admin

from logis.audit.admin import AuditedReadAdmin
from logis.demands.models import Demand, ImportChallenge


@admin.register(Demand)
class DemandAdmin(AuditedReadAdmin):
    audit_label = "Demande importée (back-office)"

    def audit_subject(self, obj):
        return obj

    list_display = ["numero_unique", "owner", "register_status", "expires_on", "employer", "information_completed_at"]
    list_filter = ["register_status"]
    search_fields = ["numero_unique", "owner__email", "employer_name", "employer_siret"]
    list_select_related = ["owner", "employer"]
    fieldsets = [
        (
            "Demande",
            {"fields": ["numero_unique", "owner", "register_status", "expires_on", "imported_at", "refreshed_at"]},
        ),
        (
            "Données retenues pour les offres",
            {
                "fields": [
                    "household_size",
                    "reference_income",
                    "monthly_resources",
                    "workplace_commune",
                    "wished_communes",
                    "wished_typologies",
                    "wished_kind",
                    "max_rent",
                    "accessibility_needed",
                ]
            },
        ),
        (
            "Les informations",
            {
                "fields": [
                    "employer",
                    "employer_name",
                    "employer_siret",
                    "matricule",
                    "employment_start",
                    "inform_employer",
                    "information_completed_at",
                ]
            },
        ),
        (
            "Ressources : situation particulière (sensible)",
            {
                "classes": ["collapse"],
                "fields": ["income_exception", "own_rfr_n2", "own_rfr_n1", "income_exception_proven"],
            },
        ),
        ("Données du registre (sensibles)", {"classes": ["collapse"], "fields": ["snapshot"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Demand._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ImportChallenge)
class ImportChallengeAdmin(admin.ModelAdmin):
    """For support: why an import is stuck (expired, locked, too many codes). The code itself is never shown."""

    list_display = ["numero_unique", "user", "created_at", "expires_at", "attempts", "sends", "consumed_at"]
    search_fields = ["numero_unique", "user__email"]
    list_select_related = ["user"]
    exclude = ["code_hash"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ImportChallenge._meta.fields if f.name != "code_hash"]

    def has_add_permission(self, request):
        return False
