from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "logis.forum"
    label = "forum"
    verbose_name = "Forum d'entraide"
