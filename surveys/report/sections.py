"""The report's summary (汇总) in sections: which indicator's line goes under which of the report's
five sections (the five forms divide them); data.summary_groups puts the lines under them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummarySection:
    """A group of the summary's lines: the report's sections, as the five forms divide them."""

    title: str
    keys: tuple[str, ...]  # its indicators (and breakdowns), in the order listed


# Each indicator of the summary in the section it belongs to (a line of a key not listed here
# goes under OTHER_SECTION, never lost).
SUMMARY_SECTIONS: tuple[SummarySection, ...] = (
    SummarySection(
        "一、班子队伍",
        (
            "towns",
            "villages",
            "town_leadership_avg_size",
            "towns_director_deputy_secretary",
            "town_exec_deputy_avg_age",
            "town_exec_deputy_by_source",
            "village_exec_deputy_five_old",
            "village_exec_deputy_five_old_share",
            "villages_with_young_staff",
        ),
    ),
    SummarySection(
        "二、经费保障",
        (
            "funds_below_standard",
            "funds_in_fiscal_budget_share",
            "funds_budget_wan",
            "funds_in_place_wan",
            "special_funds_wan",
            "subsidy_wan",
            "raised_wan",
            "funds_in_place_mid_year_wan",
            "funds_mid_year_ratio",
            "ledger_subsidy_people",
            "ledger_subsidy_wan",
        ),
    ),
    SummarySection(
        "三、“五有五好”建设",
        (
            *("fhfg_villages", "fhfg_by_round", "fhfg_lookback", "fhfg_review_lookback", "fhfg_rectifications"),
            *("schools", "enterprises", "fhfg_enterprises"),
        ),
    ),
    SummarySection(
        "四、“五老”队伍",
        (
            "volunteer_teams",
            "backbone",
            "participants",
            "backbone_age_bands",
            "backbone_age_70_80_share",
            "backbone_age_70_plus_share",
        ),
    ),
    SummarySection(
        "五、工作制度与品牌建设",
        (
            "towns_in_party_assessment",
            "exec_deputy_meetings",
            "joint_meetings",
            "field_visits",
            "tutoring_stations",
            "hub_and_points_villages",
            "station_activities",
            "station_beneficiaries",
            "family_lectures",
            "family_audience",
            "study_aid_donations_wan",
            "study_aid_students",
            "internship_enterprises",
            "recommended_jobs",
            "articles",
        ),
    ),
)
OTHER_SECTION = "其他"
