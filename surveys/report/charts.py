"""The report's charts, listed once: the HTML report draws them with ECharts (html.charts) and
the workbook's 图表 sheet with openpyxl (chart_sheet.charts_sheet), both from `chart_data(report)`,
so the two show the same charts, in the same order, under the same titles.

A chart's data comes from one indicator (its `source`); a chart whose indicator the report
lacks is left out, and so is one whose data has a single category (a 100% pie, one bar: it says
nothing a sentence doesn't). Charts that share a source share the workbook's data table.

A town's own report draws its villages where the district's draws its towns: the funds chart
sets each village's 实际到位 beside its 标准下限, from the town's approved 表2 rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from surveys.report.data import AGE_BANDS, LOOKBACK_LABELS, ReportData, money
from surveys.spec import MAIN


@dataclass(frozen=True)
class Series:
    name: str
    data: list


@dataclass(frozen=True)
class Table:
    """A chart's data: the header of its category column, the categories, one series or more."""

    header: str
    categories: list[str]
    series: list[Series]

    @property
    def drawn_categories(self) -> int:
        """The categories with a figure other than 0 in some series: what the chart shows."""
        return sum(1 for i in range(len(self.categories)) if any(s.data[i] for s in self.series))


@dataclass(frozen=True)
class Chart:
    key: str  # the HTML's element id (chart-<key>)
    title: str
    kind: str  # "bar" or "pie"
    source: str  # the indicator it draws
    unit: str
    table: Callable[[ReportData], Table | None]


@dataclass(frozen=True)
class ChartData:
    chart: Chart
    table: Table


def _age_bands(report: ReportData) -> Table | None:
    bands = report.value("backbone_age_bands")
    if not isinstance(bands, dict):
        return None
    labels = [label for _key, label in AGE_BANDS]
    return Table("年龄段", labels, [Series("人数", [bands.get(key, 0) for key, _label in AGE_BANDS])])


def _funds_table(header: str, names: list[str], in_place: list, lower: list) -> Table:
    return Table(
        header,
        names,
        [
            Series("实际到位", [money(value) or Decimal(0) for value in in_place]),
            Series("标准下限", [money(value) or Decimal(0) for value in lower]),
        ],
    )


def _funds(report: ReportData) -> Table | None:
    if report.is_town:
        return _funds_by_village(report)
    funds = report.value("funds_in_place_by_town") or []
    if not funds:
        return None
    towns = [item.get("name") or item.get("town") for item in funds]
    return _funds_table(
        "镇（街道）",
        towns,
        [item.get("in_place") for item in funds],
        [item.get("standard_lower") for item in funds],
    )


def _funds_by_village(report: ReportData) -> Table | None:
    """A town's report: each village's row of 表2 (the town's own row left out)."""
    form = report.forms.get(2)
    towns = form.towns(MAIN) if form else []
    rows = [row for town in towns for row in town["rows"] if row.get("committee_code") != town["town"]]
    if not rows:
        return None
    return _funds_table(
        "村（社区）",
        [row.get("committee_name") or row.get("committee_code") or "" for row in rows],
        [row.get("in_place") for row in rows],
        [row.get("standard_lower") for row in rows],
    )


def _fhfg_coverage(report: ReportData) -> Table | None:
    villages, built = report.value("villages"), report.value("fhfg_villages")
    if villages is None or built is None:
        return None
    return Table("情况", ["已建成", "未建成"], [Series("村（社区）", [built, max(villages - built, 0)])])


def _fhfg_lookback(report: ReportData) -> Table | None:
    lookback = report.value("fhfg_lookback")
    if not isinstance(lookback, dict):
        return None
    labels = [label for _key, label in LOOKBACK_LABELS]
    return Table("结果", labels, [Series("村（社区）", [lookback.get(key, 0) for key, _label in LOOKBACK_LABELS])])


# 年龄段 (not 年龄结构): the word the forms and the summary use for the backbone's age bands.
CHARTS: tuple[Chart, ...] = (
    Chart("age-bands", "骨干“五老”年龄段", "bar", "backbone_age_bands", "人", _age_bands),
    Chart("age-share", "骨干“五老”年龄构成", "pie", "backbone_age_bands", "人", _age_bands),
    Chart("funds", "经费实际到位与标准下限", "bar", "funds_in_place_by_town", "万元", _funds),
    Chart("fhfg-coverage", "“五有五好”建成覆盖", "pie", "fhfg_villages", "个", _fhfg_coverage),
    Chart("fhfg-lookback", "“五有五好”回头看结果", "bar", "fhfg_lookback", "个", _fhfg_lookback),
)


def chart_data(report: ReportData) -> list[ChartData]:
    """The report's charts with their data, in order; those whose indicator is missing, and those
    with fewer than two categories to show, left out."""
    found = []
    for chart in CHARTS:
        table = chart.table(report)
        if table is not None and table.drawn_categories >= 2:
            found.append(ChartData(chart, table))
    return found
