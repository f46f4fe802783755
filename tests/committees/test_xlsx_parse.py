"""committees.xlsx_parse: each column's parser (parse_value with a shortcut for the usual value)
reads every value as parse_value does, the same value or the same refusal."""

import datetime
from decimal import Decimal

import pytest

from committees.excel import Column
from committees.xlsx_open import Unreadable
from committees.xlsx_parse import parse_value, value_parser

COLUMNS = [
    Column("文本", "text", type="text"),
    Column("必填文本", "required_text", type="text", required=True),
    Column("整数", "int", type="int"),
    Column("年份", "year", type="int", required=True, minimum=1900, maximum=2100),
    Column("金额", "decimal", type="decimal", minimum=Decimal("0")),
    Column("是否", "bool", type="bool"),
    Column("层级", "choice", type="choice", choices=("骨干层", "参与层")),
    Column("日期", "date", type="date"),
]
VALUES = [
    None,
    "",
    "   ",
    " 张三 ",
    "参与层",
    " 骨干层",
    "其他",
    "是",
    "1,234",
    0,
    1956,
    1899,
    2101,
    -5,
    10**12,
    -(10**12),
    10**15,
    12.5,
    1956.0,
    float("nan"),
    True,
    False,
    Decimal("3.14"),
    datetime.datetime(2024, 3, 1),
    datetime.datetime(2024, 3, 1, 8, 30),
    datetime.date(2024, 3, 1),
    "2024-03-01",
    Unreadable("NaN"),
]


def outcome(parse, raw):
    try:
        value = parse(raw)
    except ValueError as exc:
        return "refused", str(exc)
    return "read", type(value), value


@pytest.mark.parametrize("column", COLUMNS, ids=[c.key for c in COLUMNS])
def test_a_columns_parser_reads_every_value_as_parse_value_does(column):
    parse = value_parser(column)
    for raw in VALUES:
        assert outcome(parse, raw) == outcome(lambda v: parse_value(column, v), raw), raw
