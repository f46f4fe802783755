"""The Celery application: wiring only; tasks live in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xishan_portal.settings")

app = Celery("xishan_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _beat_schedule_under_var_dir(sender, **kwargs) -> None:
    # Beat keeps its schedule file with the other runtime files, not in the working directory.
    from django.conf import settings

    sender.conf.beat_schedule_filename = str(settings.VAR_DIR / "celerybeat-schedule")
