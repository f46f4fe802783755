"""The meetings list's mechanisms: the change and remove links follow the convenors the user may
log for (asked of the page's rows, as convenors_for answers), the committee choices are read as
(pk, name) pairs and render as Django's own iterator renders them, and the list runs as many
queries for a longer log with more committees taking part."""

from __future__ import annotations

import datetime

from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.forms_meetings import MeetingFilterForm, MeetingForm, convenors_for
from committees.models import Kind, Meeting, MeetingKind, Role
from tests.factories import CommitteeFactory, RoleFactory, UserFactory

DAY = datetime.date(2023, 5, 1)


def _log(convenor, *participants, topics: str) -> Meeting:
    meeting = Meeting.objects.create(kind=MeetingKind.JOINT, date=DAY, convenor=convenor, topics=topics)
    meeting.participants.set(participants)
    return meeting


def test_the_links_are_on_the_meetings_of_the_convenors_the_user_may_log_for(xs, client_for):
    reader = UserFactory(username="reader_and_secretary")
    RoleFactory(user=reader, committee=xs.district, role=Role.VIEWER)
    RoleFactory(user=reader, committee=xs.dg, role=Role.TOWN_SECRETARY)
    meetings = [
        _log(xs.district, topics="区例会"),
        _log(xs.dg, xs.dg_v1, topics="东港例会"),
        _log(xs.eh, topics="鹅湖例会"),
        _log(xs.dg_v1, topics="村里自办"),  # a village is no convenor: nobody logs for it
    ]
    response = client_for(reader).get(reverse("meetings:list"))
    html = response.content.decode()
    linked = {m.topics for m in meetings if reverse("meetings:edit", args=[m.pk]) in html}
    writable = set(convenors_for(reader).values_list("pk", flat=True))
    assert linked == {m.topics for m in meetings if m.convenor_id in writable} == {"东港例会"}
    assert all(m.topics in html for m in meetings)


def _rendered(form, name: str, *, django_iterator: bool) -> str:
    field = form.fields[name]
    if django_iterator:
        field.iterator = ModelChoiceIterator
    return str(form[name])


def test_the_committee_choices_render_as_djangos_iterator_renders_them(xs):
    xs.dg.name = "东港 <镇> & 关工委"  # escaped alike
    xs.dg.save()
    forms = [
        lambda: MeetingFilterForm({"convenor": xs.dg.pk}, user=xs.staff, years=[2023]),
        lambda: MeetingForm(initial={"convenor": xs.eh, "participants": [xs.dg_v1, xs.eh_v2]}, user=xs.staff),
    ]
    for make in forms:
        for name in ("convenor", "participants"):
            if name in make().fields:
                ours = _rendered(make(), name, django_iterator=False)
                assert ours == _rendered(make(), name, django_iterator=True)
                assert "东港 &lt;镇&gt; &amp; 关工委" in ours and "selected" in ours


def test_the_list_runs_as_many_queries_for_a_longer_log(xs, client_for):
    client = client_for(xs.staff)
    villages = [xs.dg_v1, xs.dg_v2, xs.eh_v1, xs.eh_v2]

    def queries(n: int) -> int:
        for k in range(n):
            _log(xs.dg if k % 2 else xs.eh, *villages[: 1 + k % 4], topics=f"例会{k}")
        client.get(reverse("meetings:list"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("meetings:list"))
        assert response.status_code == 200
        return len(captured)

    small = queries(2)
    CommitteeFactory(code="XS05", name="新镇关工委", kind=Kind.TOWN, parent=xs.district)  # one more convenor
    assert queries(60) == small


def test_the_page_reads_the_participants_names_in_one_query_of_names(xs, client_for):
    """Not a prefetch (a committee and a related manager's query a meeting): one query, the names
    only, in the committees' order, and more than three shown as the first three and the count."""
    villages = [xs.dg_v2, xs.dg_v1, xs.eh_v2, xs.eh_v1]
    _log(xs.dg, *villages, topics="联席会议")
    _log(xs.eh, xs.eh_v1, topics="调研走访")
    with CaptureQueriesContext(connection) as captured:
        response = client_for(xs.staff).get(reverse("meetings:list"))
    reads = [q["sql"] for q in captured if "committees_meeting_participants" in q["sql"]]
    assert len(reads) == 1
    assert '"committees_committee"."id"' not in reads[0].split(" FROM ")[0]  # the names, no committee built
    ordered = sorted(villages, key=lambda c: (c.display_order, c.code))
    shown = "、".join(c.name for c in ordered[:3]) + "等4个单位"
    assert shown in response.content.decode()


def test_the_filter_offers_the_convenors_that_logged_a_meeting_and_the_one_asked_for(xs):
    _log(xs.dg, topics="东港例会")
    _log(xs.dg_v1, topics="村里自办")  # a village is no convenor: not offered
    offered = MeetingFilterForm(user=xs.staff, years=[2023]).fields["convenor"].queryset

    assert list(offered) == [xs.dg]
    asked = MeetingFilterForm({"convenor": xs.eh.pk}, user=xs.staff, years=[2023])
    assert asked.is_valid() and asked.cleaned_data["convenor"] == xs.eh  # its empty log, as asked
    assert list(asked.fields["convenor"].queryset) == [xs.dg, xs.eh]
    for outside in (xs.dg.pk, xs.eh.pk):  # a town's secretary is offered nothing outside the town
        secretary = MeetingFilterForm({"convenor": outside}, user=xs.dg_secretary, years=[2023])
        assert secretary.is_valid() == (outside == xs.dg.pk)
