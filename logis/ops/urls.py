from django.urls import path

from logis.ops import health

app_name = "ops"
urlpatterns = [
    path("sante/", health.alive, name="alive"),
    path("sante/pret/", health.ready, name="ready"),
]
