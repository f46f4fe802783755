from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, FundEntry, FundingStandard, SpecialFund


@admin.register(FundingStandard)
class FundingStandardAdmin(SimpleHistoryAdmin):
    list_display = ["level", "lower", "upper", "first_year", "last_year", "source"]
    list_filter = ["level"]


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "year", "amount", "in_fiscal_budget"]
    list_filter = ["year", "in_fiscal_budget"]


@admin.register(FundEntry)
class FundEntryAdmin(SimpleHistoryAdmin):
    """Read only: an entry is corrected by a reversing entry (the funding pages), never edited."""

    list_display = ["committee", "year", "date", "amount", "source", "reverses"]
    list_filter = ["year", "source"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SpecialFund)
class SpecialFundAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "purpose", "amount", "approved_on"]
