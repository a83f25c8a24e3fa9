from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    label = "accounts"
