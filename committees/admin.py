from django.contrib import admin
from import_export.admin import ExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from .downloads import file_response_of
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


@admin.register(BackboneRole)
class BackboneRoleAdmin(AuditedImportExportMixin, SimpleHistoryAdmin):
    export_formats = EXPORT_FORMATS
    resource_classes = [BackboneRoleResource]
    list_display = ["name", "display_order"]


@admin.register(PointsRule)
class PointsRuleAdmin(AuditedImportExportMixin, SimpleHistoryAdmin):
    export_formats = EXPORT_FORMATS
    resource_classes = [PointsRuleResource]
    list_display = ["code", "name", "points", "basis", "grade"]


admin.site.register(PointsEntry, SimpleHistoryAdmin)
