"""One cell's value as Python, by its column's type (committees.excel.Column): the one set of rules
every upload's cells are read by. Pure: no model, no workbook."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .cells import parse_yes_no

if TYPE_CHECKING:
    from .excel import Column


def parse_value(column: Column, raw):
    """One cell's value as Python, or ValueError with a message for the user."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if column.required:
            raise ValueError(_("A value is required."))
        return None
    if column.type == "text":
        return str(raw)
    if column.type == "int":
        number = _number(raw)
        if number != number.to_integral_value():
            raise ValueError(_("A whole number is expected."))
        value = int(number)
    elif column.type == "decimal":
        value = _number(raw)
        if value != value.quantize(Decimal("0.01")):
            raise ValueError(_("At most 2 decimals are allowed."))
    elif column.type == "bool":
        try:
            return parse_yes_no(raw)
        except ValueError:
            raise ValueError(_("Expected 是 or 否.")) from None
    elif column.type == "choice":
        if str(raw) not in column.choices:
            raise ValueError(_("Not one of: %(choices)s.") % {"choices": "、".join(column.choices)})
        return str(raw)
    elif column.type == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(_("A date like 2024-12-31 is expected."))
    else:  # pragma: no cover - a spec error, not user input
        raise AssertionError(column.type)
    if column.minimum is not None and value < column.minimum:
        raise ValueError(_("Must be at least %(min)s.") % {"min": column.minimum})
    if column.maximum is not None and value > column.maximum:
        raise ValueError(_("Must be at most %(max)s.") % {"max": column.maximum})
    return value


def value_parser(column: Column) -> Callable[[object], object]:
    """parse_value for one column, with a shortcut for the value a column of its type usually holds
    and for an empty cell of an optional column."""
    optional = not column.required
    if column.type == "text":

        def parse(raw):
            if raw.__class__ is str and (text := raw.strip()):
                return text
            if raw is None and optional:
                return None
            return parse_value(column, raw)

    elif column.type == "int":
        low = -(10**12) if column.minimum is None else max(column.minimum, -(10**12))
        high = 10**12 if column.maximum is None else min(column.maximum, 10**12)

        def parse(raw):
            if raw.__class__ is int and low <= raw <= high and abs(raw) < 10**12:
                return raw
            if raw is None and optional:
                return None
            return parse_value(column, raw)

    elif column.type == "choice":
        choices = frozenset(column.choices)

        def parse(raw):
            if raw.__class__ is str and (text := raw.strip()) in choices:
                return text
            if raw is None and optional:
                return None
            return parse_value(column, raw)

    elif column.type == "date":

        def parse(raw):
            if raw.__class__ is datetime.datetime:
                return raw.date()
            if raw is None and optional:
                return None
            return parse_value(column, raw)

    else:
        return partial(parse_value, column)
    return parse


def _number(raw) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError(_("A number is expected."))
    try:
        value = Decimal(str(raw).replace(",", "")) if not isinstance(raw, float) else Decimal(repr(raw))
    except InvalidOperation:
        raise ValueError(_("A number is expected."))
    if not value.is_finite() or abs(value) >= 10**12:
        raise ValueError(_("A number is expected."))
    return value
