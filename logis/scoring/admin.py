"""Staff edit the cotation grids here: each version is checked by the pure engine before it is saved."""

import json

from django import forms
from django.contrib import admin, messages
from django.db.models import Max

from logis.scoring.models import GridVersion, Score


class GridVersionForm(forms.ModelForm):
    class Meta:
        model = GridVersion
        fields = ["scope", "scope_code", "name", "communes", "version", "valid_from", "criteria", "source"]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 30, "cols": 120, "style": "font-family: monospace"})}


@admin.register(GridVersion)
class GridVersionAdmin(admin.ModelAdmin):
    form = GridVersionForm
    list_display = ["name", "scope", "scope_code", "version", "valid_from", "created_at"]
    list_filter = ["scope"]
    search_fields = ["name", "scope_code"]
    readonly_fields = ["created_at", "created_by"]
    actions = ["new_version"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Créer une nouvelle version (copie modifiable)")
    def new_version(self, request, queryset):
        for version in queryset:
            latest = GridVersion.objects.filter(scope=version.scope, scope_code=version.scope_code).aggregate(
                latest=Max("version")
            )["latest"]
            copy = GridVersion.objects.create(
                scope=version.scope,
                scope_code=version.scope_code,
                name=version.name,
                communes=list(version.communes),
                version=latest + 1,
                valid_from=version.valid_from,
                criteria=json.loads(json.dumps(version.criteria)),
                source=version.source,
                created_by=request.user,
            )
            messages.success(request, f"Version {copy.version} créée : modifiez-la, puis fixez sa date d'application.")


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["id", "application", "offer", "total", "grid_version", "computed_at"]
    list_select_related = ["grid_version", "offer"]
    readonly_fields = ["application", "demand", "offer", "grid_version", "total", "breakdown", "computed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
