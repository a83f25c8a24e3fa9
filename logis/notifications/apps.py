from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "logis.notifications"
    label = "notifications"
