from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, FundEntry, FundingStandard, SpecialFund, YearClose


class ClosedYearReadOnly:
    """A budget or special fund of a closed year is read only here too (the services refuse it)."""

    def _closed(self, obj) -> bool:
        if obj is None:
            return False
        year = obj.approved_on.year if isinstance(obj, SpecialFund) else obj.year
        return YearClose.objects.filter(committee_id=obj.committee_id, year=year).exists()

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._closed(obj) and super().has_delete_permission(request, obj)


@admin.register(FundingStandard)
class FundingStandardAdmin(SimpleHistoryAdmin):
    list_display = ["level", "lower", "upper", "first_year", "last_year", "source"]
    list_filter = ["level"]


@admin.register(Budget)
class BudgetAdmin(ClosedYearReadOnly, SimpleHistoryAdmin):
    list_display = ["committee", "year", "amount", "in_fiscal_budget"]
    list_filter = ["year", "in_fiscal_budget"]


@admin.register(FundEntry)
class FundEntryAdmin(SimpleHistoryAdmin):
    """Read only: an entry is made and corrected by a reversing entry on the funding pages (which
    check a closed year and ask a correction's reason), never here."""

    def has_add_permission(self, request) -> bool:
        return False

    list_display = ["committee", "year", "date", "amount", "source", "reverses"]
    list_filter = ["year", "source"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SpecialFund)
class SpecialFundAdmin(ClosedYearReadOnly, SimpleHistoryAdmin):
    list_display = ["committee", "purpose", "amount", "approved_on"]
