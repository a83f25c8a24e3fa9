"""Staff edit the cotation grids here: each version is checked by the pure engine before it is saved."""

import json

from django import forms
from django.contrib import admin, messages
from django.db.models import Max
from django.utils.html import format_html, format_html_join

from logis.scoring.grid import GridError
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
    readonly_fields = ["criteria_table", "created_at", "created_by"]
    actions = ["new_version"]

    @admin.display(description="aperçu de la grille")
    def criteria_table(self, obj):
        """The saved criteria as people read them: label, points, conditions, group, source."""
        if obj is None or not obj.pk:
            return "Enregistrez la grille pour voir son aperçu."
        try:
            grid = obj.grid()
        except GridError as error:
            return "; ".join(error.problems)
        groups = {group.code: group for group in grid.groups}

        def points(criterion):
            text = f"{criterion.points_from} (employeur)" if criterion.points_from else str(criterion.points)
            if criterion.per:
                text += f" par {criterion.per_label or criterion.per}"
            if criterion.cap is not None:
                text += f", plafond {criterion.cap}"
            return text

        def group(criterion):
            found = groups.get(criterion.group)
            if found is None:
                return ""
            mode = "le plus favorable seul" if found.mode == "exclusive" else "cumulés"
            cap = f", plafond {found.cap}" if found.cap is not None else ""
            return f"{found.label} ({mode}{cap})"

        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    criterion.label,
                    points(criterion),
                    " et ".join(f"{c.fact} {c.op} {'' if c.value is None else c.value}" for c in criterion.conditions),
                    group(criterion),
                    "oui" if criterion.sensitive else "",
                    criterion.source,
                )
                for criterion in grid.criteria
            ),
        )
        return format_html(
            "<table><thead><tr><th>Critère</th><th>Points</th><th>Conditions</th><th>Groupe</th>"
            "<th>Sensible</th><th>Source</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

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
