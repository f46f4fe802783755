import tablib
from django.contrib import admin
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import XLSX
from simple_history.admin import SimpleHistoryAdmin

from .downloads import file_response_of
from .excel import CellError
from .models import (
    BackboneRole,
    Committee,
    Job,
    Person,
    PointsEntry,
    PointsRule,
    Post,
    RoleAssignment,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from .resources import (
    EXPORT_FORMATS,
    BackboneRoleResource,
    PersonResource,
    PointsRuleResource,
    PostResource,
    TutoringStationResource,
    VolunteerResource,
    VolunteerTeamResource,
)
from .xlsx_open import UnreadableFile, cell_problem, open_workbook


class AuditedExportMixin(ExportMixin):
    """The django-admin's exports, recorded in the audit log as every download of the portal."""

    def export_action(self, request):
        return file_response_of(request, super().export_action(request))


class AuditedImportExportMixin(ImportMixin, AuditedExportMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "committee", "started_at", "ended_at"]
    list_filter = ["role"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "committee", "status", "progress", "created_at"]


# Registry tables: export only here; imports go through the scoped upload pages (see resources.py).


class ExportAdmin(AuditedExportMixin, SimpleHistoryAdmin):
    export_formats = EXPORT_FORMATS  # text stays text (resources.XLSX); no CSV


@admin.register(Person)
class PersonAdmin(ExportAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "birth_year", "is_five_old", "five_old_category", "code"]
    list_filter = ["is_five_old", "five_old_category"]
    search_fields = ["name", "code"]

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}


@admin.register(Post)
class PostAdmin(ExportAdmin):
    resource_classes = [PostResource]
    list_display = ["committee", "person", "position", "source", "started_on", "ended_on"]
    list_filter = ["position", "source"]
    raw_id_fields = ["committee", "person"]


@admin.register(Volunteer)
class VolunteerAdmin(ExportAdmin):
    resource_classes = [VolunteerResource]
    list_display = ["person", "committee", "layer", "joined_on", "exited_on"]
    list_filter = ["layer"]
    raw_id_fields = ["committee", "person"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ExportAdmin):
    resource_classes = [VolunteerTeamResource]
    list_display = ["name", "team_type", "committee", "founded_year"]
    list_filter = ["team_type"]
    raw_id_fields = ["committee", "members"]


@admin.register(TutoringStation)
class TutoringStationAdmin(ExportAdmin):
    resource_classes = [TutoringStationResource]
    list_display = ["name", "committee", "kind", "hub", "opened_year"]
    list_filter = ["kind"]
    raw_id_fields = ["committee", "hub", "linked_school"]


# Reference data: exported, edited and imported back from here.


class CheckedXLSX(XLSX):
    """import-export's .xlsx, read through committees.xlsx_open like every other upload: its first
    sheet, a header row and the rows below; an unreadable cell refuses the file, naming it."""

    def create_dataset(self, in_stream):
        with open_workbook(in_stream) as book:
            sheet = book.sheetnames[0]
            rows = iter(book.rows(sheet))
            _number, header = next(rows, (1, ()))
            headers = [cell.value for cell in header]
            dataset = tablib.Dataset(headers=headers)
            for number, cells in rows:
                for column, cell in zip(headers, cells, strict=False):
                    if problem := cell_problem(cell):
                        raise UnreadableFile(str(CellError(sheet, number, str(column), cell.value, problem)))
                values = [cell.value for cell in cells][: len(headers)]
                dataset.append(values + [None] * (len(headers) - len(values)))
        return dataset


class ReferenceImportMixin(AuditedImportExportMixin):
    """Imports whose .xlsx goes through the upload checks, and whose refusal says why in Chinese."""

    def get_import_formats(self):
        return [CheckedXLSX if f is XLSX else f for f in super().get_import_formats()]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreadableFile):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(BackboneRole)
class BackboneRoleAdmin(ReferenceImportMixin, SimpleHistoryAdmin):
    export_formats = EXPORT_FORMATS
    resource_classes = [BackboneRoleResource]
    list_display = ["name", "display_order"]


@admin.register(PointsRule)
class PointsRuleAdmin(ReferenceImportMixin, SimpleHistoryAdmin):
    export_formats = EXPORT_FORMATS
    resource_classes = [PointsRuleResource]
    list_display = ["code", "name", "points", "basis", "grade"]


admin.site.register(PointsEntry, SimpleHistoryAdmin)
