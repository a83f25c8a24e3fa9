"""How allauth runs « Créer mon compte » on Logis.

The person gives a name and an e-mail, no password. The confirmation link proves that they own the address:
once it is confirmed, an account that has no password yet is signed in (even when the link is opened in another
browser than the sign-up) and sent to allauth's « set password » page, then to the dashboard. An account that
already has a password is never signed in by a confirmation link opened elsewhere: its owner signs in with it.
"""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.core import context
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse

from logis.accounts import mfa, throttle
from logis.notifications.email import queue_email_message


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": (
            "L'adresse e-mail ou le mot de passe est incorrect. Vérifiez votre saisie ; "
            "si vous avez oublié votre mot de passe, utilisez le lien « Mot de passe oublié ? »."
        ),
        "too_many_login_attempts": (
            "Trop de tentatives de connexion ont échoué. Patientez quelques minutes avant de réessayer, "
            "ou utilisez le lien « Mot de passe oublié ? »."
        ),
        "account_inactive": "Ce compte est désactivé. Contactez l'équipe Logis.",
    }

    # --- sign-in limits per (account, address) pair (logis.accounts.throttle), instead of allauth's per-IP and
    # per-account ones, which let anyone lock an owner out and lock out people who share an address.

    def _pair(self, request, credentials) -> tuple[str, str]:
        return credentials.get("email", "") or "", self.get_client_ip(request)

    def pre_authenticate(self, request, **credentials):
        email, ip = self._pair(request, credentials)
        reason = throttle.refusal(email, ip)
        if reason:
            raise forms.ValidationError(reason)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.cleared(*self._pair(request, credentials))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.failed(*self._pair(request, credentials))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """A password reset proves the ownership of the address: the pair is cleared."""
        throttle.cleared(*self._pair(request, credentials))

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A professional setting up the first, mandatory second factor right after signing in is not asked for the
        password again (they have nothing else they may reach); changing an existing factor still asks it."""
        request = context.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and mfa.mfa_required(user) and not mfa.has_totp(user):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed and self._signs_in_on_confirmation(request, email_address):
            # allauth's own login (inactive check, stages, signals); its redirect is recomputed by the
            # confirmation view through get_login_redirect_url below.
            perform_login(request, email_address.user, email=email_address.email, signup=True)
        return confirmed

    def _signs_in_on_confirmation(self, request, email_address) -> bool:
        """Sign in whoever proved to own the address of an account that has no password yet.

        When the sign-up is pending in this very session, allauth signs the person in itself
        (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); we only cover the link opened in another browser.
        """
        user = email_address.user
        if request is None or request.user.is_authenticated or user.has_usable_password():
            return False
        # Imported here: allauth.account.stages imported first, at check time, is a circular import in allauth.
        from allauth.account.stages import EmailVerificationStage, LoginStageController

        stage = LoginStageController.enter(request, EmailVerificationStage.key)
        return not (stage and stage.login.user and stage.login.user.pk == user.pk)

    def get_login_redirect_url(self, request) -> str:
        if not request.user.has_usable_password():
            return reverse("account_set_password")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        return self.get_login_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        """A person without a password creates it first, even when the sign-up carried a ?next= address."""
        response = super().post_login(request, user, **kwargs)
        set_password_url = reverse("account_set_password")
        if (
            isinstance(response, HttpResponseRedirect)
            and not user.has_usable_password()
            and not response.url.startswith(set_password_url)
        ):
            response["Location"] = f"{set_password_url}?{urlencode({'next': response.url})}"
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails (confirmation, password reset...) go through the outbox, like every e-mail of Logis.

        allauth renders the message in the request; the outbox row commits with the request's transaction and the
        task queue sends it after, so a mail server that is down never fails the page (nothing is lost).
        """
        request = globals()["context"].request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)} | context,
        )
        user = context.get("user")
        queue_email_message(
            message,
            template=template_prefix.rpartition("/")[2],
            user=user if isinstance(user, get_user_model()) else None,
        )

    def get_password_change_redirect_url(self, request) -> str:
        return resolve_url("home:dashboard")

    def send_account_already_exists_mail(self, email: str) -> None:
        """Sign-up again with an address that is not confirmed yet: send a fresh confirmation link.

        The page shown is the same as for any sign-up (allauth's enumeration prevention); only the owner of
        the address reads the e-mail. A person who lost or let expire the first link simply signs up again.
        """
        addresses = EmailAddress.objects.filter(email__iexact=email).select_related("user")
        if addresses and not any(address.verified for address in addresses):
            addresses[0].send_confirmation(context.request, signup=True)
            return
        super().send_account_already_exists_mail(email)
