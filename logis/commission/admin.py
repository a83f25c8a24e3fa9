"""Back office: CALEOL sessions and decisions are read here; they are written in the commission's space only."""

from django.contrib import admin

from logis.commission.models import AgendaOffer, CommissionSession, Decision


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaOfferInline(ReadOnlyMixin, admin.TabularInline):
    model = AgendaOffer
    fields = ["offer", "fewer_reason", "added_by"]
    readonly_fields = fields
    extra = 0


class DecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = Decision
    fields = [
        "application",
        "offer",
        "kind",
        "rank",
        "missing_piece",
        "deadline",
        "reason",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(CommissionSession)
class CommissionSessionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "landlord", "place", "closed_at"]
    list_filter = ["landlord"]
    list_select_related = ["landlord"]
    readonly_fields = ["landlord", "held_at", "place", "members", "created_by", "created_at", "closed_at"]
    inlines = [AgendaOfferInline, DecisionInline]
    date_hierarchy = "held_at"


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "session", "offer", "kind", "rank", "decided_at"]
    list_filter = ["kind"]
    list_select_related = ["session__landlord", "offer__commune", "application"]
    search_fields = ["application__demand__numero_unique", "offer__reference"]
    readonly_fields = [
        "agenda_item",
        "application",
        "offer",
        "session",
        "kind",
        "rank",
        "missing_piece",
        "deadline",
        "reason",
        "decided_by",
        "decided_at",
    ]
