from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "birth_year", "is_five_old", "five_old_category", "code"]
    list_filter = ["is_five_old", "five_old_category"]
    search_fields = ["name", "code"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "person", "position", "source", "started_on", "ended_on"]
    list_filter = ["position", "source"]
    raw_id_fields = ["committee", "person"]


@admin.register(Volunteer)
class VolunteerAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "layer", "joined_on", "exited_on"]
    list_filter = ["layer"]
    raw_id_fields = ["committee", "person"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "team_type", "committee", "founded_year"]
    list_filter = ["team_type"]
    raw_id_fields = ["committee", "members"]


@admin.register(TutoringStation)
class TutoringStationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee", "kind", "hub", "opened_year"]
    list_filter = ["kind"]
    raw_id_fields = ["committee", "hub", "linked_school"]


admin.site.register(BackboneRole, SimpleHistoryAdmin)
admin.site.register(PointsRule, SimpleHistoryAdmin)
admin.site.register(PointsEntry, SimpleHistoryAdmin)
