from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FhfgItem, FhfgStandard


class FhfgItemInline(admin.TabularInline):
    model = FhfgItem
    extra = 0


@admin.register(FhfgStandard)
class FhfgStandardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "effective_from", "source"]
    inlines = [FhfgItemInline]
