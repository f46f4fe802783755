"""One fact, one home: the words a file may use for yes and no, the labels of a form's state and
of every enumeration value are the same on every path that reads or shows them."""

import pytest
from django.utils import translation

from committees.excel import Column, parse_value
from committees.excel_specs import KIND_LABELS, people_spec, station_spec, team_spec, volunteer_spec
from committees.models import FiveOldCategory, Gender, Kind, Layer, Position, PostSource, StationKind, TeamType
from surveys import validation
from surveys.models import State
from surveys.spec import Field, FieldType, form_specs
from surveys.validation import parse_cell

YES = ["是", "√", "1", "Y", "yes", "TRUE", "t", 1, True]
NO = ["否", "×", "0", "N", "no", "FALSE", "f", 0, False]


@pytest.mark.parametrize("word,meaning", [(w, True) for w in YES] + [(w, False) for w in NO])
def test_both_upload_paths_read_the_same_yes_and_no_words(word, meaning):
    registry = parse_value(Column("是否兼职", "concurrent", type="bool"), word)
    survey = parse_cell(Field("x", "是否", FieldType.BOOL), word)
    assert registry is meaning and survey is meaning


@pytest.mark.parametrize("word", ["可能", "2", "ok"])
def test_both_upload_paths_refuse_other_words(word):
    with pytest.raises(ValueError):
        parse_value(Column("是否兼职", "concurrent", type="bool"), word)
    with pytest.raises(ValueError):
        parse_cell(Field("x", "是否", FieldType.BOOL), word)


def zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


def test_the_report_names_a_forms_state_the_same_in_every_builder():
    from surveys.report import data, problems

    assert dict(problems.STATE_LABELS) == dict(data.STATE_LABELS)
    for state in State:
        assert data.STATE_LABELS[state.value] == zh(state.label)


# (enumeration, the Excel column of the registry's import that reads it, the survey field)
REGISTRY_COLUMNS = [
    (Gender, volunteer_spec, "gender", None),
    (FiveOldCategory, people_spec, "category", None),
    (Layer, volunteer_spec, "layer", None),
    (Position, people_spec, "position", None),
    (PostSource, people_spec, "source", (1, "main", "exec_deputy_source")),
    (TeamType, team_spec, "team_type", (4, "B", "team_type")),
    (StationKind, station_spec, "kind", None),
    (Kind, None, None, (1, "main", "level")),
]


def survey_field(form: int, section: str, key: str):
    spec = next(f for f in form_specs(2023, ["有班子"]) if f.number == form)
    return spec.section(section).field(key)


@pytest.mark.parametrize(
    "enum,value,sheet,column,field",
    [(e, v, s, c, f) for e, s, c, f in REGISTRY_COLUMNS for v in e.values],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_every_enumeration_value_has_its_models_label_everywhere(enum, value, sheet, column, field):
    label = zh(enum(value).label)
    if sheet is not None:
        assert label in next(c for c in sheet(2023).columns if c.key == column).choices
    if field is not None:
        f = survey_field(*field)
        if value in {c.value for c in f.choices}:
            assert f.label_of(value) == label and f.value_of(label) == value
    if enum is Kind:
        assert KIND_LABELS[value] == label
        assert validation.KIND_LABELS.get(value, label) == label
    if enum is PostSource:
        from surveys.report import data, problems

        assert data.problem_value_label(value) == label
        assert problems.SOURCE_LABELS[value] == label


def test_the_report_labels_the_forms_own_enumerations_as_the_spec_does():
    from surveys.report import data
    from surveys.spec import CREATION_PERIODS, LOOKBACK_RESULTS

    assert data.LOOKBACK_LABELS == tuple((c.value, c.label) for c in LOOKBACK_RESULTS)
    assert data.CREATION_PERIOD_LABELS == tuple((c.value, c.label) for c in CREATION_PERIODS)
