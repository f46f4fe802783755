from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "funding"

    def ready(self) -> None:
        from committees.reference import ReferenceTable, register

        from .models import FundingStandard, SubsidyStandard

        fields = ("level", "lower", "upper", "first_year", "last_year", "source", "notes")
        register(ReferenceTable("funding-standards", FundingStandard, fields, _("Funding standards"), 30))
        subsidy_fields = ("kind", "level", "amount", "basis", "first_year", "last_year", "source", "notes")
        register(ReferenceTable("subsidy-standards", SubsidyStandard, subsidy_fields, _("Subsidy standards"), 31))
