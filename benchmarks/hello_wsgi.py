"""The anchor of bench_mixed_load: a bare Django view (no middleware, no database, no template).

Under gunicorn (`gunicorn hello_wsgi:application --pythonpath benchmarks`) it configures a Django of its own; the
in-process measurement uses `urlpatterns` with Logis's settings and no middleware. Benchmark code only.
"""

from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Bonjour", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]


def _application():
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    settings.configure(
        DEBUG=False,
        SECRET_KEY="hello-bench-only",  # noqa: S106 - a view that signs nothing
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()
    return WSGIHandler()


def __getattr__(name):  # gunicorn reads `application`: the Django of its own is configured then, not at import
    if name == "application":
        globals()["application"] = _application()
        return globals()["application"]
    raise AttributeError(name)
