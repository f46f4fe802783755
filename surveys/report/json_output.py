"""The report as JSON, with stable keys (the README's District report section):

    {"round": 2023, "data_year": 2022, "scope": "XS", "round_towns": 9, "uncompared_forms": [],
     "indicators": {KEY: {"value": V, "previous": V_OR_NULL}},
     "problems": [{"rule": ID, "committee": CODE_OR_NULL, "value": V}],
     "missing": [{"town": CODE, "form": N, "state": STATE}],
     "rectifications": [{"committee": CODE, "due_date": "2024-09-01", "overdue": true, "age_days": 131}]}

Numbers follow docs/FORMS.md: counts int, shares with 3 decimals, average ages with 1 decimal,
money (万元) strings with 2 decimals ("334.82"). "round_towns" is the number of towns the round
covers in the scope, approved or not (the indicator "towns" counts the approved 表1s); "uncompared_forms" the forms whose approved
towns differ from last round's, whose indicators' "previous" is not set beside "value" in the
report's text and tables; "rectifications" the 五有五好 rectifications open on the report's date
(age in days since the review that opened one). Pure: ReportData in, bytes out.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .data import ReportData


def _plain(value: Any) -> Any:
    """A value as JSON carries it (money that is still a Decimal becomes "334.82")."""
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01')):f}"
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_json(report: ReportData) -> dict[str, Any]:
    return {
        "round": report.year,
        "data_year": report.data_year,
        "scope": report.scope,
        "round_towns": report.round_towns,
        "uncompared_forms": list(report.uncompared_forms),
        "indicators": {
            key: {"value": _plain(ind["value"]), "previous": _plain(ind["previous"])}
            for key, ind in report.indicators.items()
        },
        "problems": [
            {"rule": p["rule"], "committee": p["committee"], "value": _plain(p["value"])} for p in report.problems
        ],
        "missing": [{"town": m["town"], "form": m["form"], "state": m["state"]} for m in report.missing],
        "rectifications": [
            {
                "committee": r["committee"],
                "due_date": r["due_date"].isoformat(),
                "overdue": r["overdue"],
                "age_days": r["age_days"],
            }
            for r in report.rectifications
        ],
        # The campaigns running in the data year (surveys/report/campaign.py).
        "campaigns": [line.as_json() for line in report.campaigns],
    }


def build(report: ReportData) -> bytes:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2).encode("utf-8")
