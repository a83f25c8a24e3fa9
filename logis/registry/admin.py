from django.apps import apps
from django.contrib import admin

from logis.audit.admin import AuditedReadAdmin
from logis.registry import numbering
from logis.registry.models import NumberSequence, RegisteredDemand, RegisteredHouseholdMember


class RegisteredHouseholdMemberInline(admin.TabularInline):
    model = RegisteredHouseholdMember
    extra = 0
    fields = ["first_name", "last_name", "birth_date", "relation", "is_dependent", "has_disability"]


@admin.register(RegisteredDemand)
class RegisteredDemandAdmin(AuditedReadAdmin):
    audit_label = "Demande du registre (back-office)"

    def audit_subject(self, obj):
        # The platform's demand by its model label: the register is below the demands app (ADR 0007).
        return (
            apps.get_model("demands", "Demand")
            .objects.filter(numero_unique=obj.numero_unique)
            .select_related("owner")
            .first()
        )

    list_display = ["numero_unique", "last_name", "first_name", "commune", "filed_at", "expires_on", "status"]
    list_filter = ["status", "guichet"]
    search_fields = ["numero_unique", "last_name", "first_name", "email"]
    date_hierarchy = "filed_at"
    ordering = ["-filed_at"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "workplace_commune"]
    readonly_fields = ["numero_unique", "filed_at", "guichet", "filing_key"]
    inlines = [RegisteredHouseholdMemberInline]
    fieldsets = [
        ("Enregistrement", {"fields": ["numero_unique", "status", "filed_at", "expires_on", "guichet", "filing_key"]}),
        (
            "Identité et coordonnées",
            {
                "fields": [
                    "civility",
                    "last_name",
                    "first_name",
                    "birth_date",
                    "nationality",
                    "residence_permit_expires_on",
                    "email",
                    "phone",
                    "address",
                    "postal_code",
                    "commune",
                ]
            },
        ),
        ("Situation familiale", {"fields": ["family_situation", "expected_births"]}),
        (
            "Situation professionnelle",
            {"fields": ["profession", "contract_type", "employer_name", "employer_siret", "workplace_commune"]},
        ),
        ("Ressources", {"fields": ["rfr_n2", "rfr_n1", "monthly_resources"]}),
        ("Logement actuel", {"fields": ["current_housing", "current_rent", "current_occupants", "current_surface"]}),
        (
            "Demande",
            {
                "fields": [
                    "reasons",
                    "wished_communes",
                    "wished_typologies",
                    "wished_kind",
                    "max_rent",
                    "accessibility_needed",
                    "accessibility_details",
                    "applicant_has_disability",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # A demand gets its numéro unique by being filed (registry_demand_file), never typed in by hand.
        return False

    def get_search_results(self, request, queryset, search_term):
        # "111 0318 016982 g1104", as printed on the attestation, finds the demand.
        if numbering.looks_valid(search_term):
            return queryset.filter(numero_unique=numbering.normalize(search_term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["territory", "month", "last"]
    search_fields = ["territory", "month"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
