"""The Celery application: wiring only; tasks live in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xishan_portal.settings")

app = Celery("xishan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
