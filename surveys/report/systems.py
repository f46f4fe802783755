"""The report's figures of the work systems (制度) from the scope's own records, beside form 5's
counts: the meetings and visits the scope's committee convened in the data year against the
expected counts (the district's own for the district's report, the town's own for a town's), the
district's assessment of the data year over the scope's towns and its rewards (以奖代补), the
awards of the latest period ending by the data year, the five-old points ledger of the year and
the entry/exit review (suggestions open on the report's date, decisions recorded in the year).

Read through committees' and evaluations' selectors only, scoped by the committee's subtree. A
record that is not there leaves its key out, so the narrative says nothing of it (stories.py).
Values are JSON-able (money 万元 as strings with 2 decimals), like the other indicators.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from committees import selectors as committee_selectors
from committees.models import Committee
from evaluations.selectors import assessment_year, latest_awards

CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"


def meeting_figures(scope: Committee, year: int) -> dict[str, Any]:
    """meetings_held {kind: n} (every kind), meetings_expected {kind: n} (the kinds with a norm for
    the scope's level), meetings_april_visits; {} when the scope logged nothing in the year."""
    found = committee_selectors.convenor_year(scope, year)
    if found is None:
        return {}
    return {
        "meetings_held": {count.kind: count.held for count in found.counts},
        "meetings_expected": {count.kind: count.expected for count in found.counts if count.expected is not None},
        "meetings_april_visits": found.april_visits,
    }


def assessment_figures(scope: Committee, year: int) -> dict[str, Any]:
    """assessment: the district's scheme of the year over the scope's towns (towns assessed, the
    top-ranked — a town's own rank in a town's report —, rewards confirmed and still due)."""
    found = assessment_year(scope, year)
    if found is None:
        return {}
    top = [
        {
            "committee": row.committee.code,
            "name": row.committee.name,
            "rank": row.rank,
            "total": _money(row.total),
            "reward_wan": _money(row.reward.amount if row.reward else row.amount),
            "confirmed": row.reward is not None,
        }
        for row in found.top
    ]
    return {
        "assessment": {
            "scheme": found.scheme,
            "assessed": found.assessed,
            "ranked_among": found.ranked_among,
            "top": top,
            "rewarded": found.rewarded,
            "rewards_wan": _money(found.rewards),
            "due": found.due,
            "due_wan": _money(found.due_amount),
        }
    }


def award_figures(scope: Committee, year: int) -> dict[str, Any]:
    """awards: the latest period ending by `year` with awards in the scope, its awardees by category."""
    found = latest_awards(scope, year)
    if found is None:
        return {}
    return {
        "awards": {
            "scheme": found.scheme,
            "every_years": found.every_years,
            "first_year": found.first_year,
            "last_year": found.last_year,
            "awarded": [{"category": name, "awardee_kind": kind, "count": n} for name, kind, n in found.awarded],
        }
    }


def points_figures(scope: Committee, year: int, on: datetime.date) -> dict[str, Any]:
    """points_people, points_entries, points_total (the ledger's entries of the year); the review's
    review_suggestions {reason: n} on the report's date and review_decisions {decision: n} of the
    year. The review is left out while the scope has no points in the year: without a ledger its
    suggestions (no points for a year ⇒ exit) say nothing of the people."""
    volunteers = committee_selectors.scope_volunteers(scope)
    ledger = committee_selectors.points_year(volunteers, year)
    decisions = committee_selectors.decision_counts(volunteers, year)
    found: dict[str, Any] = {}
    if ledger.entries:
        found.update(
            points_people=ledger.people,
            points_entries=ledger.entries,
            points_total=_money(ledger.points),
            review_suggestions=committee_selectors.review_counts(volunteers, on),
        )
    if decisions:
        found["review_decisions"] = decisions
    return found


def system_figures(scope: Committee, year: int, on: datetime.date) -> dict[str, Any]:
    """Every figure of the systems for the scope: `year` is the round's data year, `on` the
    report's date. About twenty queries."""
    return {
        **meeting_figures(scope, year),
        **assessment_figures(scope, year),
        **award_figures(scope, year),
        **points_figures(scope, year, on),
    }
