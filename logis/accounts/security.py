"""Security middleware of the platform: Permissions-Policy, idle expiry of professional sessions.

The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY); HSTS and the HTTPS redirect
are Django's SecurityMiddleware, both configured from the environment.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from logis.organizations.roles import is_professional

# Features the platform never uses are turned off for every page and every frame; geolocation stays for our own
# pages (a map may offer « autour de moi »).
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=(self)",
        "geolocation=(self)",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "publickey-credentials-get=(self)",
        "screen-wake-lock=()",
        "serial=()",
        "usb=()",
        "xr-spatial-tracking=()",
    ]
)

IDLE_KEY = "logis_last_seen"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ProfessionalIdleTimeoutMiddleware:
    """A professional or a member of the Logis team idle for LOGIS_PROFESSIONAL_IDLE_MINUTES is signed out.

    They read other people's income, household and documents, often on shared office computers. Applicants keep
    Django's session length. The time of the last request is kept in the session (written at most once a minute).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_professional(user):
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            limit = settings.LOGIS_PROFESSIONAL_IDLE_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > limit:
                logout(request)
                messages.info(
                    request,
                    f"Votre session a été fermée après {settings.LOGIS_PROFESSIONAL_IDLE_MINUTES} minutes "
                    "d'inactivité, pour protéger les dossiers que vous consultez. Reconnectez-vous pour continuer.",
                )
                return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
            if last_seen is None or now - int(last_seen) >= 60:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def start_idle_clock(sender, request, user, **kwargs):
    """The idle clock starts at sign-in (so that the first pages do not write the session again)."""
    if request is not None and hasattr(request, "session") and is_professional(user):
        request.session[IDLE_KEY] = int(time.time())
