"""Landlord agents manage their offers in the Django admin (until they have their own space).

An agent is a staff user with an active "agent" membership in a landlord organisation: they see and edit only
the offers of their landlord(s); superusers see every offer. Model permissions (add/change/view) come from a group.
"""

from django.contrib import admin
from django.utils import timezone

from logis.offers.events import offer_status_saved
from logis.offers.models import Offer
from logis.organizations.models import Membership, Organization


def landlords_of(user):
    """The landlord organisations a user acts for as an agent (active memberships only)."""
    return Organization.objects.filter(
        kind=Organization.Kind.LANDLORD,
        memberships__user=user,
        memberships__role=Membership.Role.AGENT,
        memberships__is_active=True,
    )


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "commune",
        "typology",
        "financing",
        "display_total_rent",
        "status",
        "published_at",
        "landlord",
    ]
    list_display_links = ["reference", "title"]
    list_filter = ["status", "financing", "typology", "kind", "is_accessible", "departement"]
    list_select_related = ["commune", "landlord"]
    search_fields = ["reference", "title", "address", "commune__name", "commune__postal_code"]
    autocomplete_fields = ["commune"]
    date_hierarchy = "published_at"
    readonly_fields = ["departement", "created_at", "published_at"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["landlord", "reference", "title", "status", "financing", "description"]}),
        ("Logement", {"fields": ["kind", "typology", "surface", "rooms", "bedrooms", "floor", "has_lift"]}),
        ("Accessibilité et énergie", {"fields": ["is_accessible", "energy_class"]}),
        ("Loyer", {"fields": ["rent", "charges", "available_on"]}),
        ("Adresse", {"fields": ["address", "commune", "departement", "lat", "lng"]}),
        ("Suivi", {"fields": ["created_at", "published_at"]}),
    ]

    @admin.display(description="loyer charges comprises", ordering="rent")
    def display_total_rent(self, obj):
        return f"{obj.total_rent} €"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(landlord__in=landlords_of(request.user))

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser or landlords_of(request.user).count() > 1:
            filters.append("landlord")
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "landlord" and not request.user.is_superuser:
            landlords = landlords_of(request.user)
            kwargs["queryset"] = landlords
            if landlords.count() == 1:
                kwargs["initial"] = landlords.first()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The status before this save, read from the row (the form's object already holds the new one).
        previous = Offer.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if change else ""
        if obj.status == Offer.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
        # What follows a publication (the saved searches' immediate alerts) or a withdrawal (the favourites told), as
        # when the landlord's workspace writes the status; the admin's change view runs in one transaction.
        offer_status_saved(obj, previous=previous or "")
