"""What the browser tests share: the demo's passwords, the page-overflow probe, and where their
screenshots go for people to look at ($TEST_ARTEFACTS_DIR, else var/test-artefacts)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from committees.demo import DEMO_USERS

PASSWORDS = {demo.username: demo.password for demo in DEMO_USERS}
# How far the page scrolls sideways (0: only a .table-wrap scrolls, never the page).
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def artefacts_dir() -> Path:
    """Where tests leave files for people to look at: $TEST_ARTEFACTS_DIR, else var/test-artefacts."""
    return Path(os.environ.get("TEST_ARTEFACTS_DIR") or Path(settings.VAR_DIR) / "test-artefacts")


def shot(page, name: str, folder: str = "funding") -> None:
    """A full-page screenshot, artefacts/<folder>/<name>.png."""
    where = artefacts_dir() / folder
    where.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(where / f"{name}.png"), full_page=True)
