"""manage.py bench_pages: gunicorn with the demo district (or a small synthetic province), a short
load, its report."""

import os
import re
import subprocess
import sys
from functools import partial

import pytest
from django.conf import settings

from tests import test_settings

NUMBER = r"\s+(nan|\d+\.\d)"
ROW = re.compile(rf"^  (\w+){NUMBER}{NUMBER}{NUMBER}{NUMBER}{NUMBER}{NUMBER}\s+(\d+)\s+(\d+)$")
CPU_ROW = re.compile(r"^  (\w+)\s+(\d+\.\d)(\s+\d+\.\d)?$")


@pytest.mark.parametrize("province", [[], ["--province", "2,2,3,2"]], ids=["demo", "province"])
def test_it_reports_every_page_of_the_mix_against_its_baseline(province):
    environment = {**os.environ, "DATABASE_URL": "sqlite://"}
    environment.pop("DEBUG", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench_pages",
            "--seconds",
            "2",
            "--users",
            "2",
            "--workers",
            "2",
            "--rounds",
            "2",
            *province,
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    if province:  # loaded by load_synthetic, signed in as the province's admin
        assert any(line.startswith("Synthetic province SP: 2 districts, 4 towns, 12 villages") for line in lines)
    assert any(line.startswith("Page benchmark: database sqlite") and "2 users for 2 s" in line for line in lines)
    rows = {m.group(1): m.groups()[1:] for m in map(ROW.match, lines) if m}
    assert {"people", "volunteers", "teams", "committees", "points", "round_forms", "funding", "all"} <= set(rows)
    for name, (p50, p95, _rate, one, queries, bare, kb, errors) in rows.items():
        # A short load may not reach every page of the mix: its figures are then nan.
        assert p50 == p95 == "nan" or float(p95) >= float(p50) > 0, name
        assert float(one) > 0 and float(queries) >= 0 and float(bare) > 0, name
        assert int(kb) > 0 and int(errors) == 0, name
    assert float(rows["all"][0]) > 0 and float(rows["all"][2]) > 0  # requests per second
    # Then each page's CPU time a request, measured in the command's own process.
    cpu_block = lines[next(i for i, line in enumerate(lines) if line.startswith("In process: ")) + 1 :]
    cpu = {m.group(1): float(m.group(2)) for m in map(CPU_ROW.match, cpu_block) if m}
    assert set(cpu) == set(rows) and all(ms > 0 for ms in cpu.values())
    # And the host's speed before and after, which explains a slow run on a shared host.
    speed = re.search(
        r"^Host speed: a fixed piece of Python took (\d+) ms before the runs and (\d+) ms after", result.stdout, re.M
    )
    assert speed is not None and int(speed.group(1)) > 0 and int(speed.group(2)) > 0


def test_in_place_with_a_province_signs_in_as_the_loaded_provinces_admin(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'province.sqlite3'}"}
    manage = partial(test_settings.manage, timeout=600, **database)
    assert manage("migrate", "-v0").returncode == 0
    bench = ["bench_pages", "--in-place", "--province", "1,1,1,1", "--seconds", "1", "--users", "1", "--rounds", "1"]
    refused = manage(*bench)
    assert refused.returncode != 0 and "no synthetic province" in refused.stderr
    loaded = manage("load_synthetic", "--districts", "2", "--towns-per-district", "2", "--villages-per-town", "2")
    assert loaded.returncode == 0, loaded.stderr
    result = manage(*bench, "--workers", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {m.group(1): m.groups()[1:] for m in map(ROW.match, result.stdout.splitlines()) if m}
    assert {"people", "funding", "all"} <= set(rows) and all(int(r[-1]) == 0 for r in rows.values())  # no errors
