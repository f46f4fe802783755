"""The report's campaign line (五有五好 section): how far the campaigns running in the round's data
year got in the report's scope — units passing acceptance under the campaign's version against the
year's target, cumulative beside, plaques — read through evaluations.selectors.campaign_figures.
`report_campaigns` runs at compile time; the builders get plain data on ReportData.campaigns and
write it with `campaign_sentence`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from committees.models import Committee


@dataclass(frozen=True)
class CampaignLine:
    """One campaign's year at the lowest level it checks (the villages), over the report's scope."""

    name: str
    year: int
    target: Decimal
    cumulative_target: Decimal
    units: int
    passed: int
    share: Decimal | None
    cumulative: int
    cumulative_share: Decimal | None
    plaques: int
    plaque_title: str = ""

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "year": self.year,
            "target": str(self.target),
            "cumulative_target": str(self.cumulative_target),
            "units": self.units,
            "passed": self.passed,
            "share": None if self.share is None else str(self.share),
            "cumulative": self.cumulative,
            "cumulative_share": None if self.cumulative_share is None else str(self.cumulative_share),
            "plaques": self.plaques,
        }


def report_campaigns(scope: Committee, data_year: int) -> tuple[CampaignLine, ...]:
    """Each campaign running in the data year, at the lowest level it checks in the scope (the
    compiler's one read of evaluations here: the builders stay free of the database)."""
    from evaluations.selectors import campaign_figures

    lines = []
    for campaign, progress in campaign_figures(scope, data_year):
        found = next((p for p in progress if p.rows), None)
        if found is None:
            continue
        whole = found.total or found.rows[0]
        lines.append(
            CampaignLine(
                name=campaign.name,
                year=data_year,
                target=found.target,
                cumulative_target=found.cumulative_target,
                units=whole.units,
                passed=whole.passed,
                share=whole.share,
                cumulative=whole.cumulative,
                cumulative_share=whole.cumulative_share,
                plaques=whole.plaques,
                plaque_title=campaign.plaque_title,
            )
        )
    return tuple(lines)


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


def campaign_sentence(lines: tuple[CampaignLine, ...]) -> str:
    """(三): one sentence a campaign, e.g. 按照“三年巩固深化年”活动要求，2023年128个村（社区）关工委中
    32个按新标准通过验收，占25%（目标25%），累计…"""
    sentences = []
    for line in lines:
        plaques = f"，其中{line.plaques}个获授“{line.plaque_title}”牌" if line.plaques and line.plaque_title else ""
        sentences.append(
            f"按照{line.name}活动要求，{line.year}年{line.units}个基层关工委中{line.passed}个按新标准通过验收"
            f"{plaques}，占{_percent(line.share)}（年度目标{_percent(line.target)}）；"
            f"累计通过{line.cumulative}个，占{_percent(line.cumulative_share)}（累计目标{_percent(line.cumulative_target)}）。"
        )
    return "".join(sentences)
