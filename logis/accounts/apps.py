from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save

from logis.accounts import mfa, security, sessions


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    verbose_name = "Comptes"
    label = "accounts"

    def ready(self):
        user_logged_in.connect(security.start_idle_clock, dispatch_uid="accounts_start_idle_clock")
        user_logged_in.connect(mfa.remember_mfa_at_login, dispatch_uid="accounts_mfa_at_login")
        # The signed-in person is kept in the shared cache for a minute (logis.accounts.sessions): dropped when saved.
        user = self.get_model("User")
        post_save.connect(sessions.forget_user, sender=user, dispatch_uid="accounts_session_user_saved")
        post_delete.connect(sessions.forget_user, sender=user, dispatch_uid="accounts_session_user_deleted")
