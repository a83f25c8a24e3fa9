"""Multi-factor authentication (allauth's MFA: TOTP and recovery codes), mandatory for every professional and the
Logis team (logis.organizations.roles.is_professional).

allauth asks the second factor at sign-in once an authenticator exists. What Logis adds:
- a professional signed in without one (first sign-in) reaches only the pages that set it up
  (MfaRequiredMiddleware), then the rest of the platform;
- a professional may not remove it (logis.accounts.mfa_adapter.MfaAdapter.can_delete_authenticator);
- whether the account has it is read once at sign-in and kept in the session (no query per page).
"""

from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from logis.organizations.roles import is_professional

SESSION_KEY = "logis_mfa_ready"
# Where a professional without a second factor may go: the account pages (MFA set-up, sign-out, password), the
# static files and the demo pages.
OPEN_PREFIXES = ("/compte/", "/static/", "/demo/", "/admin/login/", "/admin/logout/")


TOTP = "totp"  # allauth.mfa.models.Authenticator.Type.TOTP


def has_totp(user) -> bool:
    # The model by its label: this module is imported by the app config, before the models are loaded.
    return apps.get_model("mfa", "Authenticator").objects.filter(user=user, type=TOTP).exists()


def mfa_required(user) -> bool:
    return is_professional(user)


def remember_mfa_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and mfa_required(user):
        request.session[SESSION_KEY] = has_totp(user)


class MfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and mfa_required(user)
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if has_totp(user):  # just set up, or in another session: remember it
                request.session[SESSION_KEY] = True
            else:
                messages.info(
                    request,
                    "Votre compte professionnel donne accès aux dossiers de demandeurs : protégez-le par un code à "
                    "usage unique (application d'authentification) avant de continuer.",
                )
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)
