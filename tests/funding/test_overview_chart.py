"""The overview's chart: funds in place against the standard by town, of the reader's towns only,
as data-report-chart for the vendored ECharts (no inline script), with its table beside it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.urls import reverse

from funding import services
from funding.models import FundSource

YEAR = 2022


def test_the_chart_shows_each_readable_towns_funds_in_place_and_standard(xs, client_for):
    for committee, amount in ((xs.dg_v1, "2.50"), (xs.dg_v2, "1.25"), (xs.eh_v1, "4.00")):
        services.entry_add(actor=xs.admin, committee=committee, year=YEAR, date=datetime.date(YEAR, 3, 1),
                           amount=Decimal(amount), source=FundSource.FISCAL)  # fmt: skip
    response = client_for(xs.admin).get(reverse("funding:overview", args=[YEAR]))
    chart = response.context["chart"]
    spec = json.loads(chart["json"])
    towns = {t.town.name: t for t in response.context["towns"]}
    assert spec["type"] == "bar" and spec["categories"] == list(towns)
    in_place = dict(zip(spec["categories"], spec["series"][0]["data"], strict=True))
    assert Decimal(in_place[xs.dg.name]) == Decimal("3.75") and Decimal(in_place[xs.eh.name]) == Decimal("4.00")
    standard = dict(zip(spec["categories"], spec["series"][1]["data"], strict=True))
    assert all(Decimal(standard[name]) == towns[name].standard_lower for name in towns)
    assert spec["unit"] == "万元" and spec["series"][0]["name"] == "实际到位"
    html = response.content.decode()
    assert "data-report-chart=" in html and "echarts.min.js" in html and "report-charts.js" in html
    assert "<script>" not in html  # CSP: no inline script

    response = client_for(xs.dg_secretary).get(reverse("funding:overview", args=[YEAR]))
    assert json.loads(response.context["chart"]["json"])["categories"] == [xs.dg.name]
    assert reverse("funding:entries_upload") in response.content.decode()
    assert (
        reverse("funding:entries_upload")
        not in client_for(xs.dg_viewer).get(reverse("funding:overview", args=[YEAR])).content.decode()
    )
