from django.urls import reverse


def test_it_shows_the_towns_to_the_district_admin(xs, client_for):
    response = client_for(xs.admin).get(reverse("committees:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "东港镇关工委" in body and "鹅湖镇关工委" in body
    assert response.context["counts"]["towns"] == 2
    assert response.context["counts"]["villages"] == 4


def test_it_shows_only_their_town_to_a_secretary(xs, client_for):
    response = client_for(xs.dg_secretary).get(reverse("committees:tree"))
    body = response.content.decode()
    assert "东港村关工委" in body
    assert "鹅湖镇" not in body and "甘露村" not in body
    assert response.context["counts"]["villages"] == 2


def _add_villages(town, count):
    from committees.models import Committee, Kind

    for n in range(count):
        Committee.objects.create(code=f"{town.code}V{n + 50}", name=f"新增村{n}", kind=Kind.VILLAGE, parent=town)


def test_the_tree_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.admin)
    client.get(reverse("committees:tree"))  # warm the session
    _add_villages(xs.dg, 60)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:tree"))
    assert response.context["counts"]["villages"] == 64
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:tree"), {"q": "新增村", "page": 2})
    assert len(response.context["page_obj"]) == 10


def test_a_committee_page_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.admin)
    _add_villages(xs.dg, 60)
    # 16, and the 五有五好 panel's: status (reviews, rectifications, periods), last review, rectifications.
    with django_assert_max_num_queries(22):
        response = client.get(reverse("committees:detail", kwargs={"pk": xs.dg.pk}))
    assert response.context["counts"]["villages"] == 62
    assert len(response.context["page_obj"]) == 50


def test_a_committee_page_offers_excel_downloads_and_templates_to_a_secretary(xs, client_for):
    body = client_for(xs.dg_secretary).get(reverse("committees:detail", kwargs={"pk": xs.dg.pk})).content.decode()
    for table in ("volunteers", "people", "teams", "stations"):
        assert reverse(f"imports:{table}_export", kwargs={"pk": xs.dg.pk}) in body
        assert reverse(f"imports:{table}_template", kwargs={"pk": xs.dg.pk}) in body
        assert reverse(f"imports:{table}_upload") in body


def test_a_committee_page_offers_a_viewer_downloads_only(xs, client_for):
    body = client_for(xs.dg_viewer).get(reverse("committees:detail", kwargs={"pk": xs.dg.pk})).content.decode()
    assert reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk}) in body
    assert reverse("imports:volunteers_template", kwargs={"pk": xs.dg.pk}) not in body
    assert reverse("imports:volunteers_upload") not in body
    assert reverse("registry:post_create", kwargs={"committee_pk": xs.dg.pk}) not in body


# The committee list is a collapsible tree by town -----------------------------------------


def _details(body: str, code: str) -> str:
    """The opening tag of the tree's <details> for a committee code."""
    import re

    found = re.search(rf'<details class="tree-node" data-code="{code}"[^>]*>', body)
    assert found is not None, code
    return found.group(0)


def test_the_tree_nests_each_towns_committees_under_it_by_group(xs, client_for):
    from committees.models import Kind
    from tests.factories import CommitteeFactory

    CommitteeFactory(code="XS01E01", name="东港纺织企业关工委", kind=Kind.ENTERPRISE, parent=xs.dg)
    body = client_for(xs.staff).get(reverse("committees:tree")).content.decode()

    district, town = body.index('data-code="XS"'), body.index('data-code="XS01"')
    other_town = body.index('data-code="XS03"')
    assert district < town < body.index("东港村关工委") < body.index("东港纺织企业关工委") < other_town
    assert other_town < body.index("甘露村关工委")
    assert " open" in _details(body, "XS") and " open" not in _details(body, "XS01")  # towns start closed
    dg_branch = body[town:other_town]
    assert 'data-group="villages"' in dg_branch and 'data-group="schools"' in dg_branch
    assert 'data-group="enterprises"' in dg_branch
    # Counts in the town's summary: 2 villages and communities, 1 school, 1 enterprise.
    summary = dg_branch[: dg_branch.index("</summary>")]
    assert "村、社区 2" in summary and "学校 1" in summary and "企业 1" in summary


def test_a_town_secretary_sees_only_their_towns_branch_open(xs, client_for):
    body = client_for(xs.dg_secretary).get(reverse("committees:tree")).content.decode()

    assert " open" in _details(body, "XS01")
    assert 'data-code="XS"' not in body and 'data-code="XS03"' not in body
    assert "甘露村关工委" not in body and "东港村关工委" in body


def test_the_tree_runs_the_same_queries_for_a_bigger_district(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.staff)
    client.get(reverse("committees:tree"))
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("committees:tree"))
    _add_villages(xs.dg, 60)
    _add_villages(xs.eh, 60)
    with django_assert_max_num_queries(10) as large:
        body = client.get(reverse("committees:tree")).content.decode()
    assert len(large) == len(small)
    assert "新增村59" in body


def test_past_the_limit_the_tree_lists_the_branches_only(xs, client_for, monkeypatch):
    from committees.selectors import tree

    page = client_for(xs.admin).get(reverse("committees:tree")).content.decode()
    assert "东港村关工委" in page and "关工委数量较多" not in page
    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", 5)  # the xs district has 8 open committees
    page = client_for(xs.admin).get(reverse("committees:tree")).content.decode()
    assert "东港镇关工委" in page and "鹅湖镇关工委" in page  # the towns, with their counts
    assert "东港村关工委" not in page and "东港中学关工委" not in page
    assert "关工委数量较多：树中只显示镇（街道）及以上各级" in page


def test_past_the_towns_limit_as_well_the_tree_lists_the_districts_and_above_with_their_counts(
    xs, client_for, monkeypatch
):
    from committees.selectors import tree

    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", 5)
    monkeypatch.setattr(tree, "TREE_TOWNS_AT_MOST", 1)  # the xs district has two towns
    response = client_for(xs.admin).get(reverse("committees:tree"))
    page = response.content.decode()
    assert "东港镇关工委" not in page and "鹅湖镇关工委" not in page and "东港村关工委" not in page
    assert "关工委数量较多：树中只显示区及以上各级" in page
    [root] = response.context["tree"]
    assert root.committee == xs.district and root.branches == []
    monkeypatch.setattr(tree, "TREE_TOWNS_AT_MOST", 300)
    [listed] = client_for(xs.admin).get(reverse("committees:tree")).context["tree"]
    assert root.counts == listed.counts and root.counts["towns"] == 2
