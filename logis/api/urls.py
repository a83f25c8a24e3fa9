from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from logis.api import views
from logis.api.api import api
from logis.api.problems import Problem, problem_response

app_name = "api"


@login_not_required
def not_found(request, rest=""):
    return problem_response(
        request, Problem(404, "Cette adresse n'existe pas dans l'API v1 : voyez /api/v1/docs pour la liste.")
    )


def _public(patterns):
    """The API authenticates with its keys, not with a session: LoginRequiredMiddleware leaves it to them."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _public(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


api_patterns, _app, _namespace = api.urls
api_urls = (_public(list(api_patterns)) + [re_path(r"^(?P<rest>.*)$", not_found)], _app, _namespace)

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:organization_id>/", views.settings_page, name="settings"),
    path("<int:organization_id>/cles/", views.key_create, name="key_create"),
    path("<int:organization_id>/cles/<int:key_id>/renouveler/", views.key_rotate, name="key_rotate"),
    path("<int:organization_id>/cles/<int:key_id>/revoquer/", views.key_revoke, name="key_revoke"),
    path("<int:organization_id>/webhooks/", views.webhook_create, name="webhook_create"),
    path("<int:organization_id>/webhooks/<int:webhook_id>/retirer/", views.webhook_delete, name="webhook_delete"),
    path("<int:organization_id>/envois/<int:delivery_id>/renvoyer/", views.delivery_replay, name="delivery_replay"),
]
