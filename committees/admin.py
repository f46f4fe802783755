from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Committee, Job, RoleAssignment


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
