"""LibreOffice headless for tests: one conversion, in a profile of its own that is removed after."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest


def soffice() -> str:
    """The soffice binary; a test that needs it fails (never skips) when it is missing."""
    found = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None)
    if found is None:
        pytest.fail("LibreOffice (soffice) is not installed: `make test` installs it (scripts/system-deps.sh).")
    return found


def convert(source: Path, to: str, outdir: Path, *, timeout: int = 300) -> Path:
    """Convert `source` to the format `to` (pdf, xlsx…) into `outdir`; return the written file.

    A profile per run (-env:UserInstallation) lets conversions run side by side and leaves no state."""
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    written = outdir / f"{source.stem}.{to}"
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert result.returncode == 0, output
    assert written.exists(), output
    return written
