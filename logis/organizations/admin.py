from django.contrib import admin

from logis.organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "headcount", "pays_peec", "commune"]
    list_filter = ["kind", "pays_peec", "is_agricultural"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organization__name", "organization__siret"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]
