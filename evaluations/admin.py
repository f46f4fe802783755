from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AwardCategory, AwardScheme, FhfgItem, FhfgStandard


class FhfgItemInline(admin.TabularInline):
    model = FhfgItem
    extra = 0


@admin.register(FhfgStandard)
class FhfgStandardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "effective_from", "source"]
    inlines = [FhfgItemInline]


class AwardCategoryInline(admin.TabularInline):
    model = AwardCategory
    extra = 0


@admin.register(AwardScheme)
class AwardSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "every_years"]
    inlines = [AwardCategoryInline]
