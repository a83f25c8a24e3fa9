"""Logis's URLs plus two empty pages, for bench_mixed_load's signed-in overhead (benchmark code only): the same
middleware as every page, a view that does nothing; one for signed-in people, one public."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as logis_urlpatterns


def empty(request):
    return HttpResponse("")


urlpatterns = [path("vide/", empty), path("vide/public/", login_not_required(empty)), *logis_urlpatterns]
