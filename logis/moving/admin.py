from django.contrib import admin

from logis.moving.models import MovingPlan


@admin.register(MovingPlan)
class MovingPlanAdmin(admin.ModelAdmin):
    list_display = ["owner", "moving_date", "origin", "reminders"]
    list_filter = ["origin"]
    search_fields = ["owner__email"]
    readonly_fields = ["owner", "application", "created_at", "updated_at"]
