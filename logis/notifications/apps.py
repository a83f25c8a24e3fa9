from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "logis.notifications"
    verbose_name = "Courriels"
    label = "notifications"
