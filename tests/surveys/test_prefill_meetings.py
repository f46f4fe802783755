"""Form 5 and the meetings log: a new round's 常务副主任例会次数, 联席会议次数 and 调研走访次数 are
the meetings of each kind the town convened in the data year; attending another committee's
meeting is recorded, not counted; a town with no entry in the year keeps what it had."""

from __future__ import annotations

import datetime

from committees.models import Committee, Meeting, MeetingKind
from tests.surveys.conftest import open_round, submission

ROUND, YEAR = 2024, 2023  # the 2024 round's counts are of 2023


def log(kind: str, convenor: Committee, *participants: Committee, day: datetime.date | None = None) -> Meeting:
    meeting = Meeting.objects.create(kind=kind, date=day or datetime.date(YEAR, 5, 1), convenor=convenor, topics="例会")
    meeting.participants.set(participants)
    return meeting


def test_form_5_counts_the_meetings_each_town_convened_in_the_data_year(xs):
    for _n in range(4):
        log(MeetingKind.EXEC_DEPUTIES, xs.dg, xs.dg_v1, xs.dg_v2)
    log(MeetingKind.EXEC_DEPUTIES, xs.eh, xs.dg)  # 东港镇 attends 鹅湖镇's: counts for 鹅湖镇 only
    log(MeetingKind.EXEC_DEPUTIES, xs.district, xs.dg, xs.eh)  # the district's: counts for neither
    log(MeetingKind.JOINT, xs.dg)
    log(MeetingKind.JOINT, xs.dg, xs.eh)
    log(MeetingKind.JOINT, xs.district, xs.dg, xs.eh)
    for month in (4, 4, 9):
        log(MeetingKind.VISIT, xs.eh, xs.eh_v1, day=datetime.date(YEAR, month, 10))
    log(MeetingKind.VISIT, xs.dg, xs.dg_v1)
    log(MeetingKind.VISIT, xs.dg, xs.dg_v1, day=datetime.date(YEAR - 1, 4, 10))  # another year's
    log(MeetingKind.VISIT, xs.dg, xs.dg_v1, day=datetime.date(ROUND, 1, 10))  # the round year's
    log(MeetingKind.DIRECTORS, xs.dg)  # a kind form 5 does not ask for

    survey_round = open_round(xs, ROUND)

    counts = ("exec_deputy_meetings", "joint_meetings", "field_visits")
    dg = submission(survey_round, xs.dg, 5).rows.get(section="main")
    eh = submission(survey_round, xs.eh, 5).rows.get(section="main")
    assert [dg.values[k] for k in counts] == [4, 2, 1]
    assert [eh.values[k] for k in counts] == [1, 0, 3]  # no joint meeting convened: 0, not last year's
    assert [dg.prefill[k] for k in counts] == [4, 2, 1]  # kept as the prefill, so a change is marked


def test_a_town_with_nothing_logged_in_the_data_year_keeps_what_it_had(xs):
    log(MeetingKind.VISIT, xs.dg, xs.dg_v1, day=datetime.date(YEAR - 1, 4, 10))
    log(MeetingKind.EXEC_DEPUTIES, xs.district, xs.eh)  # attended only
    survey_round = open_round(xs, ROUND)
    for town in (xs.dg, xs.eh):
        row = submission(survey_round, town, 5).rows.get(section="main")
        assert "field_visits" not in row.prefill and "exec_deputy_meetings" not in row.prefill
