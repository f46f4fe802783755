"""A committee renamed while a round is open: its rows are keyed by 单位编码, forms show the
registry's current name, and a former name of the code is accepted with a warning."""

import pytest
from django.urls import reverse

from committees import services as committee_services
from surveys import imports, services
from surveys.models import State
from surveys.report import selectors as report_selectors
from surveys.validation import CommitteeRef, TownContext, validate_section, with_current_names
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import submission
from tests.surveys.forms import COMMUNITY, FUNDING, TOWN, form
from tests.surveys.test_excel_plan import edited, plan_of, template, values

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture

NEW_NAME = "东港新村关工委"


def rename(xs, committee, name: str = NEW_NAME) -> None:
    committee_services.committee_update_details(actor=xs.admin, committee=committee, data={"name": name})


def test_the_towns_draft_submits_after_a_village_is_renamed(xs, dg_round):
    rename(xs, xs.dg_v1)
    form1 = submission(dg_round, xs.dg, 1)
    submitted = services.submission_submit(actor=xs.dg_secretary, submission=form1)
    assert submitted.state == State.SUBMITTED


def test_the_grid_shows_the_new_name_without_an_error(xs, dg_round, client_for):
    rename(xs, xs.dg_v1)
    form1 = submission(dg_round, xs.dg, 1)
    response = client_for(xs.dg_secretary).get(reverse("surveys:submission_detail", args=[form1.pk]))
    grid = response.context["grid"]
    row = next(r for r in grid.sections[0].rows if r.code == "XS01V01")
    assert row.name == NEW_NAME and row.issues == []
    assert grid.errors == 0
    assert NEW_NAME in response.content.decode()


def test_a_fresh_template_carries_the_new_name_and_uploads_unchanged(xs, dg_round):
    rename(xs, xs.dg_v1)
    plan = plan_of(xs, dg_round, template(dg_round, xs.dg))
    assert plan.ok, [str(e) for e in plan.errors]
    assert not any(i.rule == "former_name" for i in plan.warnings)
    assert not plan.changed


def test_a_template_downloaded_before_the_rename_uploads_with_a_warning(xs, dg_round):
    before = edited(template(dg_round, xs.dg), ("表1", "XS01V01", "班子成员数", 6))
    rename(xs, xs.dg_v1)
    plan = plan_of(xs, dg_round, before)
    assert plan.ok, [str(e) for e in plan.errors]
    renamed = [i for i in plan.warnings if i.rule == "former_name"]
    assert renamed and {i.committee for i in renamed} == {"XS01V01"}
    assert "东港村关工委" in renamed[0].message and NEW_NAME in renamed[0].message
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert values(dg_round, xs.dg, 1, 2)["leadership_size"] == 6


def test_an_unrelated_name_is_still_an_error_naming_both(xs, dg_round):
    rename(xs, xs.dg_v1)
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), ("表1", "XS01V01", "单位名称", "甘露村关工委")))
    assert not plan.ok
    error = next(i for i in plan.errors if i.rule == "name_mismatch")
    assert "甘露村关工委" in error.message and NEW_NAME in error.message


def test_the_report_names_the_committee_as_the_registry_does_now(xs, dg_round):
    form1 = submission(dg_round, xs.dg, 1)
    services.submission_submit(actor=xs.dg_secretary, submission=form1)
    services.submission_approve(actor=xs.staff, submission=form1)
    rename(xs, xs.dg_v1)
    (town,) = report_selectors.form_data(dg_round, xs.district)[1].sections["main"]
    assert [r["committee_name"] for r in town["rows"] if r["committee_code"] == "XS01V01"] == [NEW_NAME]


def test_the_validation_warns_on_a_former_name_and_refuses_another():
    renamed = CommitteeRef("XS01V01", NEW_NAME, "village", frozenset({"东港村关工委"}))
    ctx = TownContext(2024, TOWN, (TOWN, renamed, COMMUNITY), FUNDING)
    section = form(1).main
    former = validate_section(section, [{"committee_code": "XS01V01", "committee_name": "东港村关工委"}], ctx)
    other = validate_section(section, [{"committee_code": "XS01V01", "committee_name": "港下社区关工委"}], ctx)
    assert [(i.severity, i.key) for i in former if i.rule == "former_name"] == [("warning", "committee_name")]
    assert not any(i.rule == "name_mismatch" for i in former)
    assert [i.rule for i in other if i.key == "committee_name"] == ["name_mismatch"]


def test_stored_rows_are_shown_with_the_current_name():
    renamed = CommitteeRef("XS01V01", NEW_NAME, "village")
    ctx = TownContext(2024, TOWN, (TOWN, renamed), FUNDING)
    stored = [{"committee_code": "XS01V01", "committee_name": "东港村关工委"}, {"committee_code": "XS09"}]
    shown = with_current_names(form(1).main, stored, ctx)
    assert [r.get("committee_name") for r in shown] == [NEW_NAME, None]
    assert stored[0]["committee_name"] == "东港村关工委"  # what is stored is not changed
