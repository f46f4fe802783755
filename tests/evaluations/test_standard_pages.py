"""The 五有五好 standard on the settings pages: a district admin creates a version with its items
(a new round's form 3 asks them, no code changed); a version a round has used is locked (a change
is refused in Chinese, a copy is a new version); every role reads the versions, only admins write."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from committees.reference import links
from evaluations.models import FhfgGroup, FhfgItem, FhfgStandard
from evaluations.selectors import is_locked, item_names, standard_items
from surveys.selectors import submission_form
from tests.scoping.matrix import ROLES
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import ITEMS as TEN_ITEMS

NEW_ITEM = "有档案资料"
LOCKED_MESSAGE = "此版本已被调查轮次或评估使用"


def item_rows(items) -> list[dict]:
    """Items as the page posts them: code, name, group, weight and the three criteria."""
    return [
        {
            "code": code,
            "name": name,
            "group": group,
            "weight": weight,
            "criteria_met": f"{name}，材料齐全",
            "criteria_partly_met": f"{name}，基本具备",
            "criteria_not_met": f"{name}，没有",
        }
        for code, name, group, weight in items
    ]


def posted(standard: dict, items: list[dict]) -> dict:
    """The page's POST: the version's fields and the items' formset (prefix "items")."""
    data = {**standard, "items-TOTAL_FORMS": len(items), "items-INITIAL_FORMS": 0}
    for n, item in enumerate(items):
        data.update({f"items-{n}-{k}": v for k, v in item.items()})
        data[f"items-{n}-ORDER"] = n + 1
    return data


def form_3_labels(survey_round, xs) -> list[str]:
    """The headers of form 3's main table as the round asks it."""
    return [field.header for field in submission_form(submission(survey_round, xs.dg, 3)).main.fields]


def eleven_items() -> list[dict]:
    seeded = standard_items(FhfgStandard.objects.get(name="2023 修订"))
    rows = [(i.code, i.name, i.group, "9.00") for i in seeded]
    return item_rows([*rows, ("Y6", NEW_ITEM, FhfgGroup.FIVE_HAVES, "10.00")])


NEW_VERSION = {"name": "2026 修订", "effective_from": "2026-03-01", "source": "2026年区关工委通知", "notes": ""}


def test_a_new_version_with_an_extra_item_changes_a_new_rounds_form_3(xs, client_for):
    response = client_for(xs.admin).post(reverse("evaluations:standard_create"), posted(NEW_VERSION, eleven_items()))

    new = FhfgStandard.objects.get(name="2026 修订")
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:standard_detail", args=[new.pk])
    assert item_names(new) == [*TEN_ITEMS, NEW_ITEM]
    added = FhfgItem.objects.get(standard=new, name=NEW_ITEM)
    assert (added.order, added.code, added.weight, added.criteria_not_met) == (
        11,
        "Y6",
        Decimal("10.00"),
        f"{NEW_ITEM}，没有",
    )
    survey_round = open_round(xs, 2026)
    labels = form_3_labels(survey_round, xs)
    assert survey_round.fhfg_standard == new and labels[labels.index(TEN_ITEMS[-1]) + 1] == NEW_ITEM
    old_round = open_round(xs, 2025, deadline=datetime.date(2025, 10, 8))
    assert TEN_ITEMS[0] in form_3_labels(old_round, xs) and NEW_ITEM not in form_3_labels(old_round, xs)
    assert FhfgStandard.objects.filter(name__in=["2011", "2023 修订"]).count() == 2


def test_the_version_an_old_round_used_is_locked(xs, client_for):
    open_round(xs, 2024)
    used = FhfgStandard.objects.get(name="2023 修订")
    client = client_for(xs.admin)
    edit = reverse("evaluations:standard_edit", args=[used.pk])

    page = client.get(edit).content.decode()
    refused = client.post(edit, posted({**NEW_VERSION, "name": "改名"}, eleven_items()))

    assert is_locked(used) and LOCKED_MESSAGE in page
    assert reverse("evaluations:standard_copy", args=[used.pk]) in page
    assert refused.status_code == 409 and LOCKED_MESSAGE in refused.content.decode()
    used.refresh_from_db()
    assert used.name == "2023 修订" and item_names(used) == TEN_ITEMS
    assert not is_locked(FhfgStandard.objects.get(name="2011"))


def test_a_locked_version_copies_as_a_new_version_that_can_be_changed(xs, client_for):
    open_round(xs, 2024)
    used = FhfgStandard.objects.get(name="2023 修订")
    client = client_for(xs.admin)

    copied = client.post(reverse("evaluations:standard_copy", args=[used.pk]), NEW_VERSION)
    copy = FhfgStandard.objects.get(name="2026 修订")
    changed = client.post(reverse("evaluations:standard_edit", args=[copy.pk]), posted(NEW_VERSION, eleven_items()))

    assert copied["Location"] == reverse("evaluations:standard_edit", args=[copy.pk])
    assert changed.status_code == 302 and item_names(copy) == [*TEN_ITEMS, NEW_ITEM]
    assert [i.code for i in standard_items(copy)][:2] == ["Y1", "Y2"]
    assert item_names(used) == TEN_ITEMS and is_locked(used) and not is_locked(copy)


def test_the_model_refuses_a_change_of_a_locked_version(xs):
    from django.core.exceptions import ValidationError

    open_round(xs, 2024)
    item = FhfgItem.objects.get(standard__name="2023 修订", order=1)
    item.name = "有健全的组织班子"
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        item.save()
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        FhfgItem.objects.get(standard__name="2023 修订", order=2).delete()
    standard = FhfgStandard.objects.get(name="2023 修订")
    standard.save()  # nothing changed: allowed
    standard.notes = "改了"
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        standard.full_clean()


def test_repeated_codes_and_no_items_are_refused_in_chinese(xs, client_for):
    client = client_for(xs.admin)
    items = item_rows([("Y1", "有组织", FhfgGroup.FIVE_HAVES, "50"), ("Y1", "有队伍", FhfgGroup.FIVE_HAVES, "50")])

    repeated = client.post(reverse("evaluations:standard_create"), posted(NEW_VERSION, items))
    empty = client.post(reverse("evaluations:standard_create"), posted(NEW_VERSION, []))

    assert "重复" in repeated.content.decode() and "至少" in empty.content.decode()
    assert not FhfgStandard.objects.filter(name="2026 修订").exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_standards_and_only_admins_write(xs, client_for, role):
    standard = FhfgStandard.objects.get(name="2011")
    client = client_for(getattr(xs, role))
    allowed = role == "admin"

    reads = [
        client.get(reverse(n, args=a)).status_code
        for n, a in (("evaluations:standard_list", []), ("evaluations:standard_detail", [standard.pk]))
    ]
    created = client.post(reverse("evaluations:standard_create"), posted(NEW_VERSION, eleven_items()))
    edit_page = client.get(reverse("evaluations:standard_edit", args=[standard.pk]))

    assert reads == [200, 200]
    assert (created.status_code, edit_page.status_code) == ((302, 200) if allowed else (403, 403))
    assert FhfgStandard.objects.filter(name="2026 修订").exists() == allowed
    detail = client.get(reverse("evaluations:standard_detail", args=[standard.pk])).content.decode()
    assert (reverse("evaluations:standard_edit", args=[standard.pk]) in detail) == allowed


def test_the_settings_pages_link_to_the_standards(xs, client_for):
    assert "evaluations:standard_list" in [link.url_name for link in links()]
    page = client_for(xs.admin).get(reverse("registry:reference_list")).content.decode()
    assert reverse("evaluations:standard_list") in page


def test_the_list_marks_the_locked_versions_in_a_bounded_number_of_queries(
    xs, client_for, django_assert_max_num_queries
):
    open_round(xs, 2024)
    client = client_for(xs.dg_secretary)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("evaluations:standard_list")).content.decode()
    assert page.count("data-locked") == 1 and "2023 修订" in page and "2011" in page
