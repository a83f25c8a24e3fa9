"""Loaded first by pytest (-p tests.testenv): the environment the test settings read.

DATABASE_URL is left as it is, so `DATABASE_URL=postgres://... make test` runs the suite on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
os.environ.setdefault("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("ACCESS_LOG", "false")
