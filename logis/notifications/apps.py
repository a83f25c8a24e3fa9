from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from logis.notifications import unread


class NotificationsConfig(AppConfig):
    name = "logis.notifications"
    verbose_name = "Courriels"
    label = "notifications"

    def ready(self):
        # The header shows the unread count on every page: counted at sign-in, then kept up to date in the cache by
        # the centre, so that pages read no table for it.
        user_logged_in.connect(unread.prime_at_sign_in, dispatch_uid="notifications_prime_unread_count")
