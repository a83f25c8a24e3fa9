"""Django's AuthenticationMiddleware, the signed-in person read through the shared cache (logis.accounts.sessions).

A module of its own: Django's middleware module imports the auth views and models, which the app's ready() may not.
"""

from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.utils.functional import SimpleLazyObject

from logis.accounts.sessions import get_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)  # checks the session middleware, sets request.auser
        request.user = SimpleLazyObject(lambda: get_user(request))
