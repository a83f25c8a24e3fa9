from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from logis.accounts import mfa, security


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    verbose_name = "Comptes"
    label = "accounts"

    def ready(self):
        user_logged_in.connect(security.start_idle_clock, dispatch_uid="accounts_start_idle_clock")
        user_logged_in.connect(mfa.remember_mfa_at_login, dispatch_uid="accounts_mfa_at_login")
