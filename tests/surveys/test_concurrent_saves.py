"""Two people writing one town's forms at once: confirms of two workbooks, saves of one grid.

A plan (the preview) is made against the forms' versions; a confirm writes under a lock of the
town's forms, and only when those versions are still current. The second of two confirms, or a
grid saved from a page loaded before someone else's save, is refused and writes nothing.
"""

import threading

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from surveys import imports
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import rows
from tests.surveys.test_entry_views import detail_url, grid_data, submit_url
from tests.surveys.test_excel_plan import edited, plan_of, post_confirm, post_upload, snapshot, template, values

dg_round = test_excel_plan.dg_round  # a fixture


def browser(user) -> Client:
    """A client of its own (client_for shares one): two people, two sessions."""
    client = Client()
    client.force_login(user)
    return client


UPLOAD_CONFLICT = "已有其他人导入或保存了这些表"
GRID_CONFLICT = "其他人已保存了此表"


def two_files(survey_round, town) -> tuple[bytes, bytes]:
    """Two workbooks that change 表2 and 表5B of the town, each its own way."""
    data = template(survey_round, town)
    first = edited(data, ("表2", "XS01", "预算安排(万元)", 11), ("表5B", 2, "简介", "甲文件的简介"))
    second = edited(data, ("表2", "XS01", "预算安排(万元)", 22), ("表5B", 2, "简介", "乙文件的简介"))
    return first, second


def imported(survey_round, town) -> tuple[str, str]:
    return values(survey_round, town, 2)["budget"], values(survey_round, town, 5, 1, "B")["summary"]


# Confirms of two workbooks --------------------------------------------------------------------


def test_the_second_of_two_plans_is_refused_and_writes_nothing(xs, dg_round):
    first, second = two_files(dg_round, xs.dg)
    plan_a = plan_of(xs, dg_round, first)
    plan_b = plan_of(xs, dg_round, second, actor=xs.staff)
    imports.upload_apply(actor=xs.dg_secretary, plan=plan_a)
    after_first = snapshot()
    with pytest.raises(ValidationError) as refused:
        imports.upload_apply(actor=xs.staff, plan=plan_b)
    assert any(UPLOAD_CONFLICT in m for m in refused.value.messages)
    assert snapshot() == after_first
    assert imported(dg_round, xs.dg) == ("11.00", "甲文件的简介")


def test_a_plan_is_applied_when_only_forms_outside_it_changed(xs, dg_round):
    first, _second = two_files(dg_round, xs.dg)
    only = edited(first, drop=("表1", "表3", "表3B", "表4", "表4B", "表5"))
    plan = plan_of(xs, dg_round, only)
    fill(xs.staff, submission(dg_round, xs.dg, 1), {"main": [{"committee_code": "XS01", "leadership_size": 9}]})
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert imported(dg_round, xs.dg) == ("11.00", "甲文件的简介")
    assert values(dg_round, xs.dg, 1)["leadership_size"] == 9


@pytest.mark.usefixtures("media_root")
def test_two_previews_then_two_confirms_import_the_first_and_refuse_the_second(xs, dg_round):
    first, second = two_files(dg_round, xs.dg)
    secretary, staff = browser(xs.dg_secretary), browser(xs.staff)
    assert post_upload(secretary, dg_round, xs.dg, first).context["confirm"] is True
    assert post_upload(staff, dg_round, xs.dg, second).context["confirm"] is True
    assert post_confirm(secretary, dg_round, xs.dg).status_code == 302
    after_first = snapshot()
    response = post_confirm(staff, dg_round, xs.dg)
    assert response.status_code == 200 and response.context["confirm"] is False
    assert UPLOAD_CONFLICT in response.content.decode()
    assert snapshot() == after_first
    assert imported(dg_round, xs.dg) == ("11.00", "甲文件的简介")


# Saves of one grid -----------------------------------------------------------------------------


def loaded_version(client, sub) -> str:
    doc = lxml.html.fromstring(client.get(detail_url(sub)).content.decode())
    return doc.xpath("//form[@id='grid-form']//input[@name='version']/@value")[0]


def budget_rows(amount: str) -> dict:
    sections = rows(2)
    sections["main"][0]["budget"] = amount
    return sections


def test_a_grid_saved_from_a_page_loaded_before_another_save_is_refused(xs, registry):
    form2 = submission(open_round(xs, 2024), xs.dg, 2)
    secretary, staff = browser(xs.dg_secretary), browser(xs.staff)
    seen_by_secretary = loaded_version(secretary, form2)
    seen_by_staff = loaded_version(staff, form2)
    assert seen_by_secretary == seen_by_staff

    saved = staff.post(detail_url(form2), grid_data(budget_rows("12"), version=seen_by_staff))
    assert saved.status_code == 302
    refused = secretary.post(detail_url(form2), grid_data(budget_rows("13"), version=seen_by_secretary))
    assert refused.status_code == 200
    assert GRID_CONFLICT in refused.content.decode()
    assert form2.rows.get(position=1).values["budget"] == "12.00"
    assert loaded_version(secretary, form2) != seen_by_secretary  # reloaded, it saves again
    again = secretary.post(detail_url(form2), grid_data(budget_rows("13"), version=loaded_version(secretary, form2)))
    assert again.status_code == 302 and form2.rows.get(position=1).values["budget"] == "13.00"


def test_submitting_from_a_stale_page_is_refused(xs, registry):
    form2 = submission(open_round(xs, 2024), xs.dg, 2)
    secretary = browser(xs.dg_secretary)
    seen = loaded_version(secretary, form2)
    fill(xs.staff, form2)
    before = snapshot()
    response = secretary.post(submit_url(form2), grid_data(budget_rows("13"), version=seen), follow=True)
    assert GRID_CONFLICT in response.content.decode()
    assert snapshot() == before


# Two confirms at the same moment, on the real database ------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("media_root")
def test_two_simultaneous_confirms_never_mix_the_files(xs, registry):
    """Two people preview their own workbook of one town, then confirm at the same moment: one
    file is imported whole, the other confirm is refused (on PostgreSQL by the row lock, on
    SQLite by the IMMEDIATE transaction) and says so."""
    survey_round = open_round(xs, 2024)
    for number in range(1, 6):
        fill(xs.dg_secretary, submission(survey_round, xs.dg, number))
    files = two_files(survey_round, xs.dg)
    people = [browser(xs.dg_secretary), browser(xs.staff)]
    for client, data in zip(people, files, strict=True):
        assert post_upload(client, survey_round, xs.dg, data).context["confirm"] is True
    start = threading.Barrier(2)
    outcome: dict[int, str] = {}

    def confirm(n: int) -> None:
        try:
            start.wait()
            response = post_confirm(people[n], survey_round, xs.dg)
            outcome[n] = "imported" if response.status_code == 302 else response.content.decode()
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcome) == [0, 1]
    winners = [n for n, said in outcome.items() if said == "imported"]
    assert len(winners) == 1, "both confirms were told the file was imported"
    assert UPLOAD_CONFLICT in outcome[1 - winners[0]]
    expected = [("11.00", "甲文件的简介"), ("22.00", "乙文件的简介")][winners[0]]
    assert imported(survey_round, xs.dg) == expected
