"""bench_compile_workers, behind `make bench`: real Celery workers (1, then 2) compile a synthetic
district through the queue; it prints both wall times, the parts each worker built, each worker's
peak memory, and that the files are the same either way."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from surveys.report.models import ReportRun
from tests.brokers import reset_broker_pools
from xishan_portal.celery import app as celery_app


@pytest.mark.worker
@pytest.mark.parametrize("province", [None, "1,2,2,1"], ids=["district", "province"])
def test_it_compiles_with_one_then_two_workers(transactional_db, province):
    assert not celery_app.conf.task_always_eager
    out = io.StringIO()
    try:
        call_command(
            "bench_compile_workers", towns=2, villages=2, repeat=1, in_place=True, province=province, stdout=out
        )
    finally:
        reset_broker_pools()

    text = out.getvalue()
    if province:
        assert "Generating a synthetic province (1,2,2,1)" in text
        assert set(ReportRun.objects.values_list("scope__kind", flat=True)) == {"province"}
    one = re.search(r"^1 worker\(s\): (\d+\.\d\d) s wall", text, re.MULTILINE)
    two = re.search(r"^2 worker\(s\): (\d+\.\d\d) s wall", text, re.MULTILINE)
    assert one and two, text
    lines = re.findall(r"^  (bench\d-\d-\d+@\S+): parts (.*); peak memory (\d+) MB$", text, re.MULTILINE)
    assert len(lines) == 3, text
    built = [re.findall(r"(xlsx|docx|html|json) \d+\.\d\d s", parts) for _, parts, _ in lines]
    assert sorted(built[0]) == ["docx", "html", "json", "xlsx"]  # the one worker built every part
    assert sorted(built[1] + built[2]) == ["docx", "html", "json", "xlsx"]  # the two shared them
    assert all(0 < int(peak) < 500 for _, _, peak in lines)
    assert f"Two workers: {two.group(1)} s, one: {one.group(1)} s" in text
    assert "Files: identical with one and two workers." in text
    assert list(ReportRun.objects.values_list("status", flat=True)) == ["done", "done"]


def test_it_refuses_a_database_that_holds_committees(xs):
    with pytest.raises(CommandError, match="holds committees"):
        call_command("bench_compile_workers", towns=1, villages=1, in_place=True, stdout=io.StringIO())
