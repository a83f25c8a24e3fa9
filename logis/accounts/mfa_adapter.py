"""allauth's MFA adapter for Logis (settings.MFA_ADAPTER): professionals keep their second factor."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from logis.accounts.mfa import mfa_required


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Professionals and the Logis team keep their application code: it is mandatory for them."""
        if mfa_required(authenticator.user) and authenticator.type == Authenticator.Type.TOTP:
            return False
        return super().can_delete_authenticator(authenticator)
