"""The Celery application of Logis (broker: Redis, CELERY_BROKER_URL). Settings: the CELERY_* block of settings.py.

Worker:    celery -A config worker
Scheduler: celery -A config beat   (the daily jobs and the outbox flush: CELERY_BEAT_SCHEDULE)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("logis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
