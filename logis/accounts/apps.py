from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    label = "accounts"

    def ready(self):
        from logis.accounts.security import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts_start_idle_clock")
