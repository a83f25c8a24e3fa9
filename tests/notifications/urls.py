"""The project's URLs with the demo mailbox mounted, as `make demo` does (LOGIS_DEMO=true)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *(pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "demo"),
    path("demo/", include("logis.notifications.demo_urls")),
]
