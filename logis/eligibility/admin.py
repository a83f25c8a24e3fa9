from django.contrib import admin

from logis.eligibility.models import LandlordPolicy


@admin.register(LandlordPolicy)
class LandlordPolicyAdmin(admin.ModelAdmin):
    """The Logis team records each landlord's ability-to-pay thresholds (landlords without one use the defaults)."""

    list_display = ["organization", "max_effort_rate", "min_reste_a_vivre_per_uc", "answer_days", "updated_at"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
