from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundingStandard


@admin.register(FundingStandard)
class FundingStandardAdmin(SimpleHistoryAdmin):
    list_display = ["level", "lower", "upper", "first_year", "last_year", "source"]
    list_filter = ["level"]
