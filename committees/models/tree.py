"""The committee tree, the roles users hold on it, and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..validators import validate_single_line, validate_text

PATH_SEPARATOR = "/"


def path_prefixes(path: str) -> list[str]:
    """The paths from the root's down to `path` itself: "/XS/XS01/" gives ["/XS/", "/XS/XS01/"]."""
    return [path[: i + 1] for i, char in enumerate(path) if char == PATH_SEPARATOR and i]


class Kind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    TOWN = "town", pgettext_lazy("kind", "Town")  # 镇, beside 街道; the plain "Town" is 镇（街道）
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    LINE = "line", pgettext_lazy("kind", "Line committee")  # 条线, beside 学校 and 企业


# The levels above the towns: a district, and above it a city and a province (a district's tree
# may stand alone, as Xishan's does, or under a city or a province).
UPPER_KINDS = (Kind.PROVINCE, Kind.CITY, Kind.DISTRICT)
TOWN_KINDS = (Kind.TOWN, Kind.SUBDISTRICT)
VILLAGE_KINDS = (Kind.VILLAGE, Kind.COMMUNITY)

# Which kinds may stand directly above each kind; the upper kinds (ROOT_KINDS) may also be the
# root, a province only the root.
PARENT_KINDS: dict[str, tuple[str, ...]] = {
    Kind.PROVINCE: (),
    Kind.CITY: (Kind.PROVINCE,),
    Kind.DISTRICT: (Kind.PROVINCE, Kind.CITY),
    Kind.TOWN: (Kind.DISTRICT,),
    Kind.SUBDISTRICT: (Kind.DISTRICT,),
    Kind.VILLAGE: TOWN_KINDS,
    Kind.COMMUNITY: TOWN_KINDS,
    Kind.SCHOOL: (Kind.DISTRICT, *TOWN_KINDS),
    Kind.ENTERPRISE: (Kind.DISTRICT, *TOWN_KINDS, Kind.LINE),
    Kind.LINE: (Kind.DISTRICT,),
}
ROOT_KINDS = UPPER_KINDS

code_validator = RegexValidator(r"^[A-Za-z0-9-]+$", _("A code may contain only letters, digits and hyphens."))


class CommitteeQuerySet(models.QuerySet):
    def open(self) -> CommitteeQuerySet:
        return self.filter(closed_on__isnull=True)

    def subtree_of(self, committee: Committee, *, include_self: bool = True) -> CommitteeQuerySet:
        qs = self.filter(path__startswith=committee.path)
        return qs if include_self else qs.exclude(pk=committee.pk)


class Committee(models.Model):
    """One committee of the tree: the district, a town, a village, a school, …

    `path` is a materialized path of codes ("/XS/XS01/XS01V01/") so that a subtree is one
    `LIKE 'prefix%'` query. Codes are the stable keys of imports, so they never change.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator, validate_single_line])
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    address = models.CharField(_("address"), max_length=200, blank=True, validators=[validate_single_line])
    phone = models.CharField(_("office phone"), max_length=40, blank=True, validators=[validate_single_line])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text])

    history = HistoricalRecords()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["display_order", "code"]
        # The levels a page looks for by kind (a province's cities, its towns for a picker) among a
        # province's 31,000 committees, most of them villages: 5 ms of scanning each, 0.05 ms so.
        indexes = [models.Index(fields=["kind", "depth"], name="committee_kind_depth")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="committee_closed_after_opened",
            ),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in Kind]), name="committee_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = self.build_path()
        self.depth = self.path.count(PATH_SEPARATOR) - 2
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_town(self) -> bool:
        return self.kind in TOWN_KINDS

    @property
    def is_village(self) -> bool:
        return self.kind in VILLAGE_KINDS

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to the parent (not including self)."""
        return [c for c in self.path.split(PATH_SEPARATOR) if c][:-1]

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    def clean(self) -> None:
        allowed = PARENT_KINDS.get(self.kind)
        if allowed is None:
            return  # the field validation reports an unknown kind
        parent = self.parent if self.parent_id else None
        if not allowed and parent is not None:
            raise ValidationError(
                {"parent": _("A %(kind)s committee cannot have a parent.") % {"kind": self.get_kind_display()}}
            )
        if parent is None and self.kind not in ROOT_KINDS:
            raise ValidationError({"parent": _("This kind of committee needs a parent.")})
        if parent is not None:
            if parent.kind not in allowed:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s committee cannot be placed under a %(parent_kind)s committee.")
                        % {"kind": self.get_kind_display(), "parent_kind": parent.get_kind_display()}
                    }
                )
            if self.pk and parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": _("A committee cannot be moved under itself or its own subtree.")})
            if not parent.is_open and self.is_open:
                raise ValidationError({"parent": _("The parent committee is closed.")})


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District admin")
    DISTRICT_STAFF = "district_staff", _("District staff")
    TOWN_SECRETARY = "town_secretary", _("Town secretary")
    VIEWER = "viewer", _("Viewer")


# How a district's role reads when held on a city's or a province's committee (市管理员, 省工作人员).
ROLE_AT_LEVEL = {
    (Role.DISTRICT_ADMIN, Kind.CITY): _("City admin"),
    (Role.DISTRICT_ADMIN, Kind.PROVINCE): _("Province admin"),
    (Role.DISTRICT_STAFF, Kind.CITY): _("City staff"),
    (Role.DISTRICT_STAFF, Kind.PROVINCE): _("Province staff"),
}

# Which committee kinds a role may be held on.
ROLE_COMMITTEE_KINDS: dict[str, tuple[str, ...]] = {
    # Held at any level above the towns: a province's admin, a city's or a district's staff.
    Role.DISTRICT_ADMIN: UPPER_KINDS,
    Role.DISTRICT_STAFF: UPPER_KINDS,
    Role.TOWN_SECRETARY: TOWN_KINDS,
    Role.VIEWER: tuple(Kind.values),
}


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(ended_at__isnull=True)


class RoleAssignment(models.Model):
    """A role a user holds on a committee (and so on its subtree).

    Ending a role sets ended_at; rows are never deleted, so a handover keeps its history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"],
                condition=Q(ended_at__isnull=True),
                name="role_assignment_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role_label} · {self.committee}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def role_label(self) -> str:
        """The role as its holder's level names it: 区管理员, or 市管理员 and 省管理员 above the districts."""
        return str(ROLE_AT_LEVEL.get((self.role, self.committee.kind), self.get_role_display()))

    def clean(self) -> None:
        allowed = ROLE_COMMITTEE_KINDS.get(self.role, ())
        if self.committee_id and self.committee.kind not in allowed:
            raise ValidationError(
                {
                    "committee": _("The role %(role)s cannot be held on a %(kind)s committee.")
                    % {"role": self.get_role_display(), "kind": self.committee.get_kind_display()}
                }
            )


class Job(models.Model):
    """A background job run by a Celery worker; its progress lives here, not in Celery."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("job kind"), max_length=40)
    committee = models.ForeignKey(Committee, verbose_name=_("scope"), on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written by the worker as it goes: a running job whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
