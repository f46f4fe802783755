"""Admin of the report: the problem rules (district admins edit thresholds and texts) and the runs
(read only: runs are started from the report page or the compile_report command).

surveys/admin.py imports this module, so that the admin site registers these models.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProblemRule, ReportFile, ReportPart, ReportRun


@admin.register(ProblemRule)
class ProblemRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "enabled", "threshold", "recommendation_title", "display_order"]
    list_editable = ["enabled", "threshold"]
    readonly_fields = ["code"]  # the code names the check the report runs; it never changes

    def has_add_permission(self, request) -> bool:
        return False  # a rule without a check would never fire

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # switch a rule off instead


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    can_delete = False
    readonly_fields = ["format", "file", "size", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReportPartInline(admin.TabularInline):
    model = ReportPart
    extra = 0
    can_delete = False
    readonly_fields = ["key", "status", "attempts", "worker", "started_at", "finished_at", "error", "file", "size"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey_round", "scope", "status", "progress", "stage", "started_by", "created_at"]
    list_filter = ["status", "survey_round"]
    list_select_related = ["survey_round", "scope", "started_by"]
    readonly_fields = [
        "survey_round",
        "scope",
        "started_by",
        "formats",
        "status",
        "progress",
        "stage",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "attempts",
    ]
    inlines = [ReportPartInline, ReportFileInline]

    def has_add_permission(self, request) -> bool:
        return False
