"""The builders of the forms' fields: one call per kind of column (a count, an amount of money
in 万元, an activity count of the data year, yes/no, a choice, a year, long text), each with
its type, bounds, aggregate (the report's 小计/合计) and period (which year its figure is)."""

from __future__ import annotations

from decimal import Decimal

from .engine import LONG_TEXT, Aggregate, Choice, Field, FieldType, Period


def _code(*, locked: bool = True) -> Field:
    return Field("committee_code", "单位编码", locked=locked, prefilled=True, max_length=32)


def _name() -> Field:
    return Field("committee_name", "单位名称", required=False, locked=True, prefilled=True)


def _count(key: str, header: str, *, prefilled: bool = False, required: bool = True, **kwargs) -> Field:
    return Field(
        key, header, FieldType.INT, required=required, minimum=0, prefilled=prefilled, aggregate=Aggregate.SUM, **kwargs
    )


def _money(key: str, header: str, *, locked: bool = False, prefilled: bool = False, **kwargs) -> Field:
    """An amount in 万元: money is of the round's data year (docs/FORMS.md "Which year")."""
    return Field(
        key,
        header,
        FieldType.DECIMAL,
        minimum=Decimal("0"),
        locked=locked,
        prefilled=prefilled,
        aggregate=Aggregate.SUM,
        period=Period.DATA,
        **kwargs,
    )


def _activity(key: str, header: str, **kwargs) -> Field:
    """A count of the data year (meetings, sessions, audiences, people aided)."""
    return _count(key, header, period=Period.DATA, **kwargs)


def _yes_no(key: str, header: str, *, prefilled: bool = False, help: str = "", **kwargs) -> Field:
    return Field(key, header, FieldType.BOOL, prefilled=prefilled, help=help, aggregate=Aggregate.COUNTS, **kwargs)


def _choice(key: str, header: str, options: tuple[Choice, ...], **kwargs) -> Field:
    return Field(key, header, FieldType.CHOICE, choices=options, aggregate=Aggregate.COUNTS, **kwargs)


def _year(key: str, header: str, **kwargs) -> Field:
    return Field(key, header, FieldType.YEAR, aggregate=Aggregate.RANGE, **kwargs)


def _long_text(key: str, header: str, **kwargs) -> Field:
    return Field(key, header, required=False, max_length=LONG_TEXT, multiline=True, **kwargs)


def _notes() -> Field:
    return _long_text("notes", "备注")
