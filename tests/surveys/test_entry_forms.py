"""GridForm: reading the posted grid back into the rows submission_save takes."""

from django.http import QueryDict

from surveys.forms import GridForm
from surveys.spec import MAX_ROWS
from tests.surveys.forms import form


def posted(pairs: list[tuple[str, str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    return data


def test_it_reads_the_cells_by_section_and_row_in_index_order():
    data = posted(
        [
            ("sections", "main"),
            ("sections", "B"),
            ("main-0-committee_code", "XS01"),
            ("main-0-backbone", "10"),
            ("B-10-name", "第二队"),
            ("B-2-name", "第一队"),
            ("B-2-_id", "7"),
        ]
    )
    grid = GridForm(data, form_spec=form(4))
    assert grid.is_valid()
    assert grid.cleaned_data["rows"] == {
        "main": [{"committee_code": "XS01", "backbone": "10"}],
        "B": [{"name": "第一队", "_id": "7"}, {"name": "第二队"}],
    }


def test_it_ignores_other_inputs_and_sections_the_form_does_not_have():
    data = posted([("csrfmiddlewaretoken", "x"), ("B-0-name", "x"), ("main-x-budget", "1"), ("main-0-Budget", "1")])
    grid = GridForm(data, form_spec=form(2))
    assert grid.is_valid()
    assert grid.cleaned_data["rows"] == {}


def test_a_list_posted_without_rows_is_saved_empty():
    grid = GridForm(posted([("sections", "main"), ("sections", "B")]), form_spec=form(5))
    assert grid.is_valid()
    assert grid.cleaned_data["rows"] == {"main": [], "B": []}


def test_the_removed_row_is_left_out():
    data = posted([("sections", "B"), ("B-0-name", "甲"), ("B-1-name", "乙"), ("remove_row", "B-0")])
    grid = GridForm(data, form_spec=form(5))
    assert grid.is_valid()
    assert grid.cleaned_data["rows"] == {"B": [{"name": "乙"}]}


def test_rows_can_be_added_only_to_a_list():
    assert GridForm(posted([("add_row", "B")]), form_spec=form(4)).is_valid()
    grid = GridForm(posted([("add_row", "main")]), form_spec=form(4))
    assert not grid.is_valid() and "add_row" in grid.errors
    assert not GridForm(posted([("add_row", "B")]), form_spec=form(1)).is_valid()


def test_it_refuses_too_many_rows():
    data = posted([(f"B-{i}-name", f"队{i}") for i in range(MAX_ROWS + 1)])
    grid = GridForm(data, form_spec=form(4))
    assert not grid.is_valid()
    assert grid.non_field_errors()
