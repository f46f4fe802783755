"""The campaigns' tables on the settings pages (committees.reference): campaigns, their years with
the target share, and who checks whom; district admins edit them, every change in the history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_campaign_settings() -> None:
    from committees.reference import ReferenceTable, register

    from .models import Campaign, CampaignCheck, CampaignYear

    fields = ("name", "first_year", "last_year", "standard", "plaque_title", "source", "notes")
    register(ReferenceTable("campaigns", Campaign, fields, _("Campaigns"), 40))
    register(
        ReferenceTable(
            "campaign-years", CampaignYear, ("campaign", "year", "target", "notes"), _("Campaign years and targets"), 41
        )
    )
    register(
        ReferenceTable(
            "campaign-checks",
            CampaignCheck,
            ("campaign", "checking_level", "checked_level"),
            _("Who checks whom in campaigns"),
            42,
        )
    )
