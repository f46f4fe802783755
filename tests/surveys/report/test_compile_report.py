"""`compile_report --year 2023 --format json --out DIR` on the demo."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveys.report.models import ReportRun

pytestmark = pytest.mark.usefixtures("demo", "media_root")


def compile_json(tmp_path, *args: str) -> dict:
    out = StringIO()
    call_command("compile_report", "--format", "json", "--out", str(tmp_path / "out"), *args, stdout=out)
    (path,) = (tmp_path / "out").glob("*.json")
    assert str(path) in out.getvalue()
    return json.loads(path.read_text(encoding="utf-8"))


def values(report: dict) -> dict:
    return {key: ind["value"] for key, ind in report["indicators"].items()}


def test_it_writes_the_json_with_the_issues_figures(tmp_path):
    report = compile_json(tmp_path, "--year", "2023")

    assert set(report) == {
        "round",
        "data_year",
        "scope",
        "round_towns",
        "uncompared_forms",
        "indicators",
        "problems",
        "missing",
        "rectifications",
        "campaigns",
    }
    assert (report["round"], report["scope"], report["round_towns"], report["uncompared_forms"]) == (2023, "XS", 9, [])
    assert report["campaigns"] == []  # the data year 2022 is before the 2023–2025 campaign
    # The 2023 survey's money and activity figures are of 2022, as the seed reports them.
    assert report["data_year"] == 2022 and list(report)[:2] == ["round", "data_year"]
    assert all(set(ind) == {"value", "previous"} for ind in report["indicators"].values())
    found = values(report)
    assert {
        key: found[key]
        for key in (
            "towns",
            "villages",
            "village_exec_deputy_five_old",
            "village_exec_deputy_five_old_share",
            "town_exec_deputy_avg_age",
            "town_exec_deputy_by_source",
            "volunteer_teams",
            "backbone",
            "participants",
            "schools",
            "enterprises",
            "fhfg_enterprises",
            "fhfg_villages",
            "hub_and_points_villages",
            "study_aid_donations_wan",
        )
    } == {
        "towns": 9,
        "villages": 128,
        "village_exec_deputy_five_old": 127,
        "village_exec_deputy_five_old_share": 0.992,
        "town_exec_deputy_avg_age": 59,
        "town_exec_deputy_by_source": {"second_line_leader": 4, "retired_leader": 4, "retired_principal": 1},
        "volunteer_teams": 59,
        "backbone": 368,
        "participants": 3450,
        "schools": 39,
        "enterprises": 404,
        "fhfg_enterprises": 74,
        "fhfg_villages": 128,
        "hub_and_points_villages": 42,
        "study_aid_donations_wan": "334.82",
    }
    assert found["backbone_age_70_80_share"] > 0.6
    assert found["village_exec_deputy_exceptions"] == [
        {"committee": "XS05V13", "name": "华城社区关工委", "has_five_old_deputy": True}
    ]
    aging = [p for p in report["problems"] if p["rule"] == "backbone_aging"]
    assert aging == [{"rule": "backbone_aging", "committee": None, "value": found["backbone_age_70_plus_share"]}]
    assert report["missing"] == []


def test_it_follows_the_number_conventions(tmp_path):
    found = values(compile_json(tmp_path, "--year", "2023"))

    assert isinstance(found["towns"], int) and isinstance(found["funds_below_standard"], int)
    assert found["funds_in_place_wan"] == "574.00"  # money: a string with 2 decimals
    assert found["backbone_age_70_80_share"] == round(found["backbone_age_70_80_share"], 3)
    assert found["town_exec_deputy_avg_age"] == round(found["town_exec_deputy_avg_age"], 1)


def test_previous_values_are_the_2022_rounds(tmp_path):
    report = compile_json(tmp_path, "--year", "2023")["indicators"]

    assert report["study_aid_donations_wan"]["previous"] == "298.60"
    assert report["funds_below_standard"] == {"value": 3, "previous": 5}
    assert report["fhfg_regressed"]["previous"] == []
    assert report["towns"]["previous"] == 9


def test_previous_values_are_null_without_an_approved_earlier_round(tmp_path):
    report = compile_json(tmp_path, "--year", "2022")["indicators"]

    assert report["study_aid_donations_wan"]["value"] == "298.60"
    assert all(ind["previous"] is None for ind in report.values())


def test_a_town_report_contains_only_that_town(tmp_path):
    report = compile_json(tmp_path, "--year", "2023", "--town", "XS05")

    found = values(report)
    assert report["scope"] == "XS05"
    assert found["towns"] == 1
    assert 0 < found["villages"] < 128
    assert [t["town"] for t in found["funds_in_place_by_town"]] == ["XS05"]
    assert {b["town"] for b in found["brands"]} == {"XS05"}
    assert found["village_exec_deputy_exceptions"][0]["committee"] == "XS05V13"
    assert all(p["committee"] is None or p["committee"].startswith("XS05") for p in report["problems"])


def test_the_open_round_lists_what_is_missing(tmp_path):
    report = compile_json(tmp_path, "--year", "2024")

    assert {"town": "XS03", "form": 2, "state": "returned"} in report["missing"]
    assert {"town": "XS02", "form": 1, "state": "submitted"} in report["missing"]
    assert len(report["missing"]) == 9 * 5
    assert values(report)["towns"] == 0
    assert report["indicators"]["towns"]["previous"] == 9


def test_it_writes_every_format_asked_for(tmp_path):
    out = StringIO()
    call_command("compile_report", "--year", "2023", "--out", str(tmp_path), stdout=out)

    assert "100%" in out.getvalue()
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.DONE
    assert {f.format for f in run.files.all()} >= {"json"}
    assert (tmp_path / "report-2023-XS.json").exists()


def test_it_refuses_an_unknown_format(tmp_path):
    with pytest.raises(CommandError, match="pdf"):
        call_command("compile_report", "--year", "2023", "--format", "pdf", stdout=StringIO())


def test_it_refuses_a_town_secretary_the_district_report():
    with pytest.raises(CommandError, match="ehu"):
        call_command("compile_report", "--year", "2023", "--user", "ehu", stdout=StringIO())


def test_a_failure_ends_with_the_error(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("surveys.report.runs.report_indicators", broken)
    with pytest.raises(CommandError, match="the database went away"):
        call_command("compile_report", "--year", "2023", "--out", str(tmp_path), stdout=StringIO())
    assert ReportRun.objects.get().status == ReportRun.Status.FAILED
