"""A round and a report above a district: the province's admin opens the round that
asks every town of every district below it, and compiles the province's report."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied

from committees.models import Role
from surveys import services
from surveys.models import Submission
from surveys.report.models import ReportFormat, ReportRun
from surveys.report.runs import report_run_execute, report_run_start
from tests.surveys.conftest import province_user as _user


def test_the_province_admin_opens_a_round_asking_every_town_below(province):
    admin = _user("JS", Role.DISTRICT_ADMIN)
    survey_round = services.round_open(actor=admin, year=2023, deadline=datetime.date(2023, 10, 10))
    towns = set(Submission.objects.filter(survey_round=survey_round).values_list("town__code", flat=True))
    assert towns == {"JS1D1", "JS1D2", "JS2D1", "JS2D2"}
    assert Submission.objects.filter(survey_round=survey_round).count() == 4 * 5


@pytest.mark.parametrize(("code", "role"), [("JS1", Role.DISTRICT_ADMIN), ("JS1D", Role.DISTRICT_ADMIN)])
def test_an_admin_below_the_root_does_not_open_the_province_round(province, code, role):
    with pytest.raises(PermissionDenied):
        services.round_open(actor=_user(code, role), year=2023, deadline=datetime.date(2023, 10, 10))


def test_the_province_report_compiles_every_town_and_a_city_its_own(province):
    admin = _user("JS", Role.DISTRICT_ADMIN)
    survey_round = services.round_open(actor=admin, year=2023, deadline=datetime.date(2023, 10, 10))
    runs = {
        code: report_run_start(
            actor=admin,
            survey_round=survey_round,
            scope=province if code == "JS" else province.children.get(code=code),
            formats=[ReportFormat.JSON],
            queue=False,
        )
        for code in ("JS", "JS1")
    }
    for run in runs.values():
        report_run_execute(run)
        run.refresh_from_db()
        assert run.status == ReportRun.Status.DONE, run.error
    covered = {code: json.loads(run.files.get().file.read())["round_towns"] for code, run in runs.items()}
    assert covered == {"JS": 4, "JS1": 2}
    # A city's staff compiles the city, not the province.
    staff = _user("JS1", Role.DISTRICT_STAFF)
    with pytest.raises(PermissionDenied):
        report_run_start(actor=staff, survey_round=survey_round, scope=province, formats=["json"], queue=False)
