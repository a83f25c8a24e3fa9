from django.contrib import admin

from logis.forum.models import Category, ModerationDecision, Report, Sanction


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are handled in the moderation queue (/forum/moderation/), which e-mails the outcome."""

    list_display = ["pk", "reason", "status", "created_at", "handled_at"]
    list_filter = ["status", "reason"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    list_display = ["post", "action", "ground", "moderator", "at"]
    list_filter = ["action", "ground"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "starts_at", "ends_at", "lifted_at"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "post", "by"]

    def has_add_permission(self, request):
        return False
