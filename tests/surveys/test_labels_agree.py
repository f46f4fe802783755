"""One fact, one home: the words a file may use for yes and no, the labels of a form's state and
of every enumeration value are the same on every path that reads or shows them."""

import pytest

from committees.excel import Column, parse_value
from surveys.spec import Field, FieldType
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
