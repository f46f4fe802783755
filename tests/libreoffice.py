"""LibreOffice headless for tests: one conversion, in a profile of its own that is removed after."""

from __future__ import annotations

import csv
import io
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
    """Convert `source` to the format `to` (pdf, xlsx…) into `outdir`; return the written file."""
    output = run(source, to, outdir, timeout=timeout)
    written = outdir / f"{source.stem}.{to}"
    assert written.exists(), output
    return written


def run(source: Path, to: str, outdir: Path, *, timeout: int = 300) -> str:
    """soffice --convert-to `to` (a format, or a filter with its options); its output.

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
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert result.returncode == 0, output
    return output


# UTF-8, comma, double quote, every sheet to a file of its own (<stem>-<sheet>.csv), values as shown.
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def sheets_as_csv(source: Path, outdir: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as LibreOffice shows it (formulas evaluated): sheet name → rows."""
    output = run(source, CSV_EVERY_SHEET, outdir)
    prefix = f"{source.stem}-"
    sheets = {
        path.stem.removeprefix(prefix): list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for path in outdir.glob(f"{prefix}*.csv")
    }
    assert sheets, output
    return sheets
