"""Role × committee × action matrix for every committee page.

Out of the reader's scope: 404 (existence not revealed). Readable but not allowed: 403.
"""

import pytest
from django.urls import reverse

from committees.models import Committee, Job
from tests.scoping.matrix import OBJECTS, READS, ROLES

ALLOWED = {
    "admin": {"edit", "structure", "summary"},
    "staff": {"summary"},
    "dg_secretary": {"edit", "summary"},
    "eh_secretary": {"edit", "summary"},
    "viewer": set(),
    "dg_viewer": set(),
}
PAGES = {  # url name → permission group (None: reading)
    "committees:detail": None,
    "committees:edit": "edit",
    "committees:create": "structure",
    "committees:move": "structure",
    "committees:close": "structure",
    "committees:delete": "structure",
}


def expected_status(role: str, obj: str, group: str | None, ok: int) -> int:
    if obj not in READS[role]:
        return 404
    if group is not None and group not in ALLOWED[role]:
        return 403
    return ok


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("page", PAGES)
def test_get_pages_follow_the_matrix(xs, client_for, role, obj, page):
    committee = getattr(xs, obj)
    kwargs = {"parent_pk": committee.pk} if page == "committees:create" else {"pk": committee.pk}
    response = client_for(getattr(xs, role)).get(reverse(page, kwargs=kwargs))
    assert response.status_code == expected_status(role, obj, PAGES[page], 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", OBJECTS)
def test_editing_details_follows_the_matrix(xs, client_for, role, obj):
    committee = getattr(xs, obj)
    data = {"name": "改过的名字", "display_order": 3, "address": "锡山大道1号", "phone": "0510-88000000", "notes": ""}
    response = client_for(getattr(xs, role)).post(reverse("committees:edit", kwargs={"pk": committee.pk}), data)
    status = expected_status(role, obj, "edit", 302)
    assert response.status_code == status
    committee.refresh_from_db()
    assert (committee.name == "改过的名字") == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["dg", "eh_v1"])
def test_creating_a_child_follows_the_matrix(xs, client_for, role, obj):
    parent = getattr(xs, obj)
    kind = "village" if obj == "dg" else None
    if kind is None:  # a village takes no children: only the admin reaches the form, which refuses it
        response = client_for(getattr(xs, role)).post(
            reverse("committees:create", kwargs={"parent_pk": parent.pk}),
            {"code": "NEW1", "name": "新村", "kind": "village", "display_order": 0},
        )
        assert response.status_code == expected_status(role, obj, "structure", 200)
        assert not Committee.objects.filter(code="NEW1").exists()
        return
    response = client_for(getattr(xs, role)).post(
        reverse("committees:create", kwargs={"parent_pk": parent.pk}),
        {"code": "NEW1", "name": "新村", "kind": kind, "display_order": 0},
    )
    status = expected_status(role, obj, "structure", 302)
    assert response.status_code == status
    assert Committee.objects.filter(code="NEW1").exists() == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["dg_v1", "eh_v1"])
def test_closing_follows_the_matrix(xs, client_for, role, obj):
    committee = getattr(xs, obj)
    response = client_for(getattr(xs, role)).post(
        reverse("committees:close", kwargs={"pk": committee.pk}), {"closed_on": "2024-06-30"}
    )
    status = expected_status(role, obj, "structure", 302)
    assert response.status_code == status
    committee.refresh_from_db()
    assert (committee.closed_on is not None) == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["dg_v1", "eh_v1"])
def test_moving_follows_the_matrix(xs, client_for, role, obj):
    committee = getattr(xs, obj)
    target = xs.eh if obj == "dg_v1" else xs.dg
    response = client_for(getattr(xs, role)).post(
        reverse("committees:move", kwargs={"pk": committee.pk}), {"parent": target.pk}
    )
    status = expected_status(role, obj, "structure", 302)
    assert response.status_code == status
    committee.refresh_from_db()
    assert (committee.parent_id == target.pk) == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["district", "dg", "eh_v1"])
def test_starting_a_summary_job_follows_the_matrix(xs, client_for, role, obj, django_capture_on_commit_callbacks):
    committee = getattr(xs, obj)
    response = client_for(getattr(xs, role)).post(reverse("committees:summary_job_start", kwargs={"pk": committee.pk}))
    status = expected_status(role, obj, "summary", 302)
    assert response.status_code == status
    assert Job.objects.filter(committee=committee).exists() == (status == 302)


@pytest.mark.parametrize("role", ROLES)
def test_job_pages_follow_the_reading_scope(xs, client_for, role):
    job = Job.objects.create(kind="district_summary", committee=xs.dg_v1, created_by=xs.admin)
    response = client_for(getattr(xs, role)).get(reverse("committees:job_detail", kwargs={"pk": job.pk}))
    assert response.status_code == expected_status(role, "dg_v1", None, 200)


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_search_show_only_the_scope(xs, client_for, role):
    client = client_for(getattr(xs, role))
    listed = client.get(reverse("committees:tree")).content.decode()
    searched = client.get(reverse("committees:tree"), {"q": "村"}).content.decode()
    for obj in ["dg_v1", "eh_v1"]:
        name = getattr(xs, obj).name
        visible = obj in READS[role]
        assert (name in searched) == visible
        if not visible:
            assert name not in listed


def test_the_secretary_sees_no_other_town_even_by_code(xs, client_for):
    response = client_for(xs.dg_secretary).get(reverse("committees:tree"), {"q": xs.eh_v1.code})
    assert xs.eh_v1.name not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0


def test_a_viewer_sees_no_write_controls(xs, client_for):
    body = client_for(xs.viewer).get(reverse("committees:detail", kwargs={"pk": xs.dg.pk})).content.decode()
    for name in ["committees:edit", "committees:move", "committees:close", "committees:delete"]:
        assert reverse(name, kwargs={"pk": xs.dg.pk}) not in body
    assert reverse("committees:create", kwargs={"parent_pk": xs.dg.pk}) not in body


def test_anonymous_users_are_sent_to_the_login_page(xs, client):
    response = client.get(reverse("committees:detail", kwargs={"pk": xs.dg.pk}))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
