"""A committee's points ranking read a page at a time: the rows of points.year_totals without
ranking every volunteer of the subtree (a province's 500,000 took 5 s to sum, rank and sort).

The volunteers with points in the year are few beside the members: they are summed and ranked
among themselves; the members whose year sums to zero (most of them, with no entry) all share the
rank after the last positive one and are listed by name. So a page is read from three sections
in the order of year_totals — the positive totals, the zeros, the negative totals — each a sorted,
sliced query."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ..counting import counts_at_most
from ..models import PointsEntry, Volunteer
from .points import POINTS, year_members, year_totals

ZERO = Decimal("0")


def _within(year: int) -> Q:
    return Q(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))


class Ranking:
    """year_totals(volunteers, year) as a sequence a paginator slices (each slice a few queries).

    `count` is the number of members of the year; `members_count` lets the caller give it (an
    estimate past a size). Rows carry year_points, year_entries and rank as year_totals' do."""

    def __init__(self, volunteers: QuerySet[Volunteer], year: int, *, columns: tuple[str, ...] = ()):
        self.year = year
        self.columns = columns
        self.members = year_members(volunteers, year)
        entries = PointsEntry.objects.filter(_within(year), volunteer__in=self.members.order_by().values("pk"))
        self.sums = entries.order_by().values("volunteer_id").annotate(total=Coalesce(Sum("points"), ZERO))
        self._signs: tuple[int, int] | None = None
        self.members_count: int | None = None
        self._exact: int | None = None

    def count(self) -> int:
        if self.members_count is None:
            self.members_count = self._exact_count()
        return self.members_count

    def _exact_count(self) -> int:
        if self._exact is None:
            self._exact = self.members.count()
        return self._exact

    def _signs_sql(self) -> tuple[str, list]:
        inner, params = self.sums.query.sql_with_params()
        sql = (
            "SELECT COALESCE(SUM(CASE WHEN total > 0 THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN total < 0 THEN 1 ELSE 0 END), 0) FROM ({inner}) sums"  # noqa: S608
        )
        return sql, list(params)

    def signs(self) -> tuple[int, int]:
        """How many members' year sums to more than zero, and to less (one query)."""
        if self._signs is None:
            sql, params = self._signs_sql()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                positive, negative = cursor.fetchone()
            self._signs = (int(positive), int(negative))
        return self._signs

    def counts_with_signs(self, *counted: tuple[QuerySet, int]) -> list[int]:
        """counting.counts_at_most(*counted), the signs read in the same query (one round trip)."""
        *counts, positive, negative = counts_at_most(*counted, beside=self._signs_sql())
        self._signs = (positive, negative)
        return counts

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Volunteer]:
        if not isinstance(index, slice):
            raise TypeError("Ranking is read a slice at a time.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        positive, negative = self.signs()
        # The negative years come after every zero: their ranks need the members counted exactly.
        members = self._exact_count() if negative else self.count()
        zeros = max(members - positive - negative, 0)
        rows = self._scored(Q(year_points__gt=0), start, min(stop, positive), 0)
        rows += self._zeros(max(start - positive, 0), min(stop - positive, zeros), rank=positive + 1)
        offset = positive + zeros
        rows += self._scored(Q(year_points__lt=0), max(start - offset, 0), stop - offset, offset)
        return rows

    def _trim(self, qs: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
        return qs.only(*self.columns) if self.columns else qs

    def _scored(self, sign: Q, start: int, stop: int, offset: int) -> list[Volunteer]:
        """Rows of the members with a positive (or a negative) year, ranked among themselves."""
        if stop <= start:
            return []
        scored = self.members.filter(pk__in=self.sums.values("volunteer_id"))
        rows = list(self._trim(year_totals(scored, self.year).filter(sign))[start:stop])
        for row in rows:
            row.rank += offset
        return rows

    def _zeros(self, start: int, stop: int, *, rank: int) -> list[Volunteer]:
        """Rows of the members whose year sums to zero, by name (the order of equal points)."""
        if stop <= start:
            return []
        own = PointsEntry.objects.filter(_within(self.year), volunteer=OuterRef("pk")).order_by().values("volunteer")
        entries = own.annotate(n=Count("pk")).values("n")
        # Each member's own entries, not the set of the nonzero ones (NOT IN): so the planner walks
        # the people by name (their index) and stops at the page, rather than sorting every
        # member by name (a district's 3,800: 4 ms; a province's more).
        nonzero = own.annotate(total=Sum("points")).exclude(total=0)
        qs = (
            self.members.filter(~Exists(nonzero))
            .select_related("person", "committee")
            .annotate(
                year_points=Value(ZERO, output_field=POINTS),
                year_entries=Coalesce(Subquery(entries, output_field=IntegerField()), 0),
                rank=Value(rank, output_field=IntegerField()),
            )
            .order_by("person__name", "pk")
        )
        return list(self._trim(qs)[start:stop])
