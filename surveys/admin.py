from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CellComment, DeadlineReminder, Submission, SubmissionRow, SubmissionTransition, SurveyRound


@admin.register(SurveyRound)
class SurveyRoundAdmin(SimpleHistoryAdmin):
    list_display = ["year", "data_year", "opened_on", "deadline", "spec_version", "fhfg_standard"]


class SubmissionTransitionInline(admin.TabularInline):
    model = SubmissionTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_state", "to_state", "by", "at", "reason", "on_behalf", "extended_until"]


class CellCommentInline(admin.TabularInline):
    model = CellComment
    extra = 0
    can_delete = False
    fields = readonly_fields = ["transition", "section", "row_key", "row_label", "field_key", "text", "author"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a comment comes with a return (services.submission_return)


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["survey_round", "town", "form", "state", "on_time", "error_count", "warning_count"]
    list_filter = ["survey_round", "form", "state"]
    list_select_related = ["survey_round", "town"]
    readonly_fields = ["state"]  # the workflow changes it, through the services
    inlines = [SubmissionTransitionInline, CellCommentInline]


@admin.register(SubmissionRow)
class SubmissionRowAdmin(SimpleHistoryAdmin):
    list_display = ["submission", "section", "position", "committee"]
    list_select_related = ["submission__survey_round", "submission__town", "committee"]
    raw_id_fields = ["submission", "committee"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["survey_round", "town", "sent_at"]
    list_select_related = ["survey_round", "town"]
    readonly_fields = ["survey_round", "town", "sent_at", "recipients", "forms"]


from .report import admin as report_admin  # noqa: E402,F401  (registers the report models)
