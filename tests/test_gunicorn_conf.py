"""gunicorn.conf.py: a worker freezes its long-lived objects once started and once its caches are full."""

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

CONF = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def frozen_after(call) -> int:
    gc.unfreeze()
    try:
        call()
        return gc.get_freeze_count()
    finally:
        gc.unfreeze()


def test_a_started_worker_freezes_what_it_loaded():
    assert frozen_after(lambda: CONF["post_worker_init"](SimpleNamespace(nr=0))) > 0


def test_a_worker_freezes_again_once_its_caches_are_full_and_only_then():
    after = CONF["FREEZE_AFTER"]
    assert frozen_after(lambda: CONF["post_request"](SimpleNamespace(nr=after), None, {}, None)) > 0
    assert frozen_after(lambda: CONF["post_request"](SimpleNamespace(nr=after + 1), None, {}, None)) == 0
    assert frozen_after(lambda: CONF["post_request"](SimpleNamespace(nr=after - 1), None, {}, None)) == 0
