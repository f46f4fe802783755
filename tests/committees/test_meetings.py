"""The meetings and visits log: the list (scoped, filtered, bounded queries), the forms (a town
secretary logs their town's only; staff the district's and any town's; viewers none), removal,
the Excel file, and a year's meetings against the expected counts (data, edited in the settings)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Meeting, MeetingKind, MeetingNorm, NormLevel

YEAR = 2023


def log(kind: str, convenor, *participants, day: datetime.date | None = None, topics: str = "部署工作") -> Meeting:
    meeting = Meeting.objects.create(kind=kind, date=day or datetime.date(YEAR, 5, 1), convenor=convenor, topics=topics)
    meeting.participants.set(participants)
    return meeting


def post_data(convenor, **extra) -> dict:
    data = {"kind": MeetingKind.EXEC_DEPUTIES, "date": "2023-06-01", "convenor": convenor.pk, "topics": "二季度例会"}
    return {**data, **extra}


def test_the_list_shows_the_readers_scope_only(xs, client_for):
    log(MeetingKind.JOINT, xs.dg, topics="东港联席")
    log(MeetingKind.JOINT, xs.eh, topics="鹅湖联席")
    log(MeetingKind.DIRECTORS, xs.district, xs.dg, topics="区主任例会")
    page = client_for(xs.dg_secretary).get(reverse("meetings:list")).content.decode()
    assert "东港联席" in page and "鹅湖联席" not in page and "区主任例会" not in page
    page = client_for(xs.viewer).get(reverse("meetings:list")).content.decode()
    assert all(t in page for t in ("东港联席", "鹅湖联席", "区主任例会"))
    assert reverse("meetings:create") not in page  # a viewer gets no write control


def test_the_list_filters_by_kind_year_and_convenor(xs, client_for):
    log(MeetingKind.JOINT, xs.dg, topics="联席甲")
    log(MeetingKind.VISIT, xs.dg, topics="走访乙")
    log(MeetingKind.VISIT, xs.eh, topics="走访丙")
    log(MeetingKind.VISIT, xs.dg, topics="走访丁", day=datetime.date(YEAR - 1, 4, 2))
    query = {"kind": MeetingKind.VISIT, "year": YEAR, "convenor": xs.dg.pk}
    page = client_for(xs.staff).get(reverse("meetings:list"), query).content.decode()
    assert "走访乙" in page and not any(t in page for t in ("联席甲", "走访丙", "走访丁"))


def test_the_list_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.staff)
    client.get(reverse("meetings:list"))
    for n in range(30):
        log(MeetingKind.VISIT, xs.dg if n % 2 else xs.eh, xs.dg_v1, xs.eh_v1, day=datetime.date(YEAR, 1 + n % 12, 3))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("meetings:list"), {"per_page": 100})
    assert response.content.decode().count('href="/meetings/') >= 60  # every row's change and remove links


def test_a_town_secretary_logs_their_towns_meetings_only(xs, client_for):
    client = client_for(xs.dg_secretary)
    response = client.post(reverse("meetings:create"), post_data(xs.eh))
    assert response.status_code == 200 and not Meeting.objects.exists()  # 鹅湖镇 is no choice
    response = client.post(reverse("meetings:create"), post_data(xs.district))
    assert response.status_code == 200 and not Meeting.objects.exists()
    response = client.post(reverse("meetings:create"), post_data(xs.dg, participants=[xs.dg_v1.pk, xs.dg_v2.pk]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.convenor == xs.dg and set(meeting.participants.all()) == {xs.dg_v1, xs.dg_v2}
    assert set(meeting.history.values_list("history_user", flat=True)) == {xs.dg_secretary.pk}


def test_staff_log_the_districts_and_any_towns_meetings(xs, client_for):
    client = client_for(xs.staff)
    for convenor in (xs.district, xs.eh):
        assert client.post(reverse("meetings:create"), post_data(convenor)).status_code == 302
    assert set(Meeting.objects.values_list("convenor__code", flat=True)) == {"XS", "XS03"}
    assert client_for(xs.viewer).post(reverse("meetings:create"), post_data(xs.dg)).status_code == 403


def test_a_meeting_in_the_future_is_refused(xs, client_for):
    response = client_for(xs.staff).post(reverse("meetings:create"), post_data(xs.dg, date="2999-01-01"))
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_changing_and_removing_an_entry_keep_its_history(xs, client_for):
    meeting = log(MeetingKind.JOINT, xs.dg)
    client = client_for(xs.dg_secretary)
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    response = client.post(url, post_data(xs.dg, kind=MeetingKind.JOINT, decisions="成立联络组"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.decisions == "成立联络组" and meeting.date == datetime.date(2023, 6, 1)
    assert client_for(xs.eh_secretary).get(url).status_code == 404
    assert client_for(xs.dg_viewer).post(reverse("meetings:delete", kwargs={"pk": meeting.pk})).status_code == 403
    client = client_for(xs.dg_secretary)
    assert client.post(reverse("meetings:delete", kwargs={"pk": meeting.pk})).status_code == 302
    assert not Meeting.objects.exists()
    kinds = list(Meeting.history.filter(id=meeting.pk).values_list("history_type", flat=True))
    assert kinds[0] == "-" and kinds[-1] == "+" and "~" in kinds


def test_the_log_exports_to_excel_as_filtered(xs, client_for):
    log(MeetingKind.VISIT, xs.dg, xs.dg_v1, topics="=走访港下")
    log(MeetingKind.VISIT, xs.eh, xs.eh_v1, topics="走访甘露")
    response = client_for(xs.dg_secretary).get(reverse("meetings:export"), {"year": YEAR})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == 1
    assert rows[0][1:5] == ["调研走访", "东港镇关工委", "东港村关工委", "=走访港下"]  # text stays text
    assert ws.cell(3, 5).data_type == "s"


def test_the_year_page_shows_meetings_held_against_the_expected_counts(xs, client_for):
    for month in (3, 6, 9):
        log(MeetingKind.EXEC_DEPUTIES, xs.dg, day=datetime.date(YEAR, month, 1))
    log(MeetingKind.EXEC_DEPUTIES, xs.district, xs.dg)  # attended by 东港镇: not its count
    log(MeetingKind.VISIT, xs.dg, day=datetime.date(YEAR, 4, 12))
    log(MeetingKind.VISIT, xs.dg, day=datetime.date(YEAR, 5, 12))
    page = client_for(xs.staff).get(reverse("meetings:year", kwargs={"year": YEAR})).content.decode()
    row = page.split('data-code="XS01"')[1].split("</tr>")[0]
    assert 'data-kind="exec_deputies">3 / 4<' in row and 'class="num short"' in row
    assert 'data-kind="visit">2 / 2<' in row and row.rstrip().endswith('<td class="num">1</td>')  # 1 in April
    MeetingNorm.objects.filter(kind=MeetingKind.EXEC_DEPUTIES, level=NormLevel.TOWN).update(expected=3)
    page = client_for(xs.staff).get(reverse("meetings:year", kwargs={"year": YEAR})).content.decode()
    assert 'data-kind="exec_deputies">3 / 3<' in page.split('data-code="XS01"')[1].split("</tr>")[0]
    dg_page = client_for(xs.dg_secretary).get(reverse("meetings:year", kwargs={"year": YEAR})).content.decode()
    assert 'data-code="XS01"' in dg_page and 'data-code="XS03"' not in dg_page and 'data-code="XS"' not in dg_page


@pytest.mark.parametrize("year", [1990, 2999])
def test_a_year_out_of_range_is_not_found(xs, client_for, year):
    assert client_for(xs.staff).get(reverse("meetings:year", kwargs={"year": year})).status_code == 404


def test_the_history_names_the_committees_taking_part(xs, client_for):
    client = client_for(xs.staff)
    client.post(reverse("meetings:create"), post_data(xs.dg, participants=[xs.dg_v1.pk]))
    meeting = Meeting.objects.get()
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    client.post(url, post_data(xs.dg, participants=[xs.dg_v1.pk, xs.dg_v2.pk]))
    page = client.get(url).content.decode()
    assert "东港村关工委 → 东港村关工委、港下社区关工委" in page
    assert "&#x27;committee&#x27;" not in page and "'committee'" not in page
