"""The platform's URLs plus views that fail, to see the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, transaction
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@login_not_required
@transaction.non_atomic_requests  # no database transaction: the database is out of reach in these tests
def crash(request):
    # The values come with the request (as real data would), not from this file's source.
    raise RuntimeError(f"password={request.GET.get('p', '')} for {request.GET.get('e', '')}")


@login_not_required
@transaction.non_atomic_requests  # no database transaction: the database is out of reach in these tests
def database_gone(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@login_not_required
@transaction.non_atomic_requests  # no database transaction: the database is out of reach in these tests
def forbidden(request):
    raise PermissionDenied


@login_not_required
@transaction.non_atomic_requests  # no database transaction: the database is out of reach in these tests
def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    *urlpatterns,
    path("test/crash/", crash),
    path("test/database-gone/", database_gone),
    path("test/forbidden/", forbidden),
    path("test/suspicious/", suspicious),
]
