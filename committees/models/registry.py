"""The registry: people, their posts in a committee's leadership, five-old volunteers,
volunteer teams and tutoring stations.

Every row keeps its history (django-simple-history); ending a post or a membership sets a
date instead of deleting, and committees are protected from deletion while data points at them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .. import ages
from ..validators import validate_single_line, validate_text
from .tree import VILLAGE_KINDS, Committee, Kind

ADULT_AGE = 18
EARLIEST_BIRTH_YEAR = 1900
# The series of codes the registry gives new people (XSP00001, …): the demo's and an import's.
PERSON_CODE_PREFIX = "XSP"


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class FiveOldCategory(models.TextChoices):
    CADRE = "cadre", _("retired cadre")
    VETERAN = "veteran", _("veteran")
    EXPERT = "expert", _("retired expert")
    TEACHER = "teacher", _("retired teacher")
    MODEL_WORKER = "model_worker", _("model worker")


class Person(models.Model):
    """An adult on the registry: a leadership member, a five-old volunteer, or both.

    Minors are never registered: youth served are only counted.
    """

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, validators=[validate_single_line])
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_single_line])
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[validate_single_line])
    former_post = models.CharField(_("former post"), max_length=100, blank=True, validators=[validate_single_line])
    is_five_old = models.BooleanField(_("five-old"), default=False)
    five_old_category = models.CharField(
        _("five-old category"), max_length=16, choices=FiveOldCategory.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text])
    code = models.CharField(_("person code"), max_length=32, blank=True, validators=[validate_single_line])
    committees = models.ManyToManyField(
        Committee, through="Post", related_name="leaders", verbose_name=_("leadership of")
    )
    volunteer_committees = models.ManyToManyField(
        Committee, through="Volunteer", related_name="volunteer_people", verbose_name=_("volunteer in")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "birth_year", "pk"]
        # The people list's default order (and the person pickers'): read in order, not sorted whole.
        indexes = [models.Index(fields=["name", "birth_year", "id"], name="person_list_order")]
        constraints = [
            # The upper bound moves with the calendar, so clean() checks it; the DB keeps the floor.
            models.CheckConstraint(condition=Q(birth_year__gte=EARLIEST_BIRTH_YEAR), name="person_birth_year_floor"),
            models.CheckConstraint(
                condition=Q(is_five_old=True) | Q(five_old_category=""), name="person_category_only_for_five_old"
            ),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="person_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.birth_year}）"

    def age_on(self, day: datetime.date) -> int:
        """Age in whole years at the end of `day`'s year; only the birth year is known."""
        return ages.age_on(self.birth_year, day)

    def clean(self) -> None:
        errors = {}
        latest = timezone.localdate().year - ADULT_AGE
        if self.birth_year is not None and self.birth_year > latest:
            errors["birth_year"] = _("Only adults are registered: the birth year must be %(year)d or earlier.") % {
                "year": latest
            }
        if self.is_five_old and not self.five_old_category:
            errors["five_old_category"] = _("A five-old needs a category.")
        if not self.is_five_old and self.five_old_category:
            errors["five_old_category"] = _("Only a five-old has a category.")
        if errors:
            raise ValidationError(errors)


class Position(models.TextChoices):
    DIRECTOR = "director", _("director")
    EXECUTIVE_DEPUTY = "executive_deputy", _("executive deputy")
    DEPUTY = "deputy", _("deputy")
    OFFICE_HEAD = "office_head", _("office head")
    MEMBER = "member", pgettext_lazy("position", "member")  # 委员, as on the leadership sheet
    YOUNG_STAFF = "young_staff", _("young staff")


# Positions a committee holds at most once at a time.
SINGLE_POSITIONS = (Position.DIRECTOR, Position.EXECUTIVE_DEPUTY)


class PostSource(models.TextChoices):
    SECOND_LINE_LEADER = "second_line_leader", _("second-line leader")
    RETIRED_LEADER = "retired_leader", _("retired leader")
    RETIRED_PRINCIPAL = "retired_principal", _("retired principal")
    RETIRED_TEACHER = (
        "retired_teacher",
        pgettext_lazy("post source", "retired teacher"),
    )  # 退休教师, not the five-old 老教师
    OTHER_FIVE_OLD = "other_five_old", _("other five-old")
    IN_OFFICE_CADRE = "in_office_cadre", _("in-office cadre")


class PostQuerySet(models.QuerySet):
    def open(self) -> PostQuerySet:
        return self.filter(ended_on__isnull=True)


class Post(models.Model):
    """A person's place in a committee's leadership; the current leadership is the open posts."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="posts"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="posts")
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    concurrent = models.BooleanField(_("concurrent"), default=False)
    resident = models.BooleanField(
        _("resident"), default=False, help_text=_("Works at the committee's office; the subsidy standard reads it.")
    )
    source = models.CharField(_("source"), max_length=20, choices=PostSource.choices, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["committee", "position", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(ended_on__isnull=True, position=Position.DIRECTOR),
                name="post_one_open_director",
                violation_error_message=_("This committee already has a director."),
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(ended_on__isnull=True, position=Position.EXECUTIVE_DEPUTY),
                name="post_one_open_executive_deputy",
                violation_error_message=_("This committee already has an executive deputy."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="post_ended_after_started",
            ),
            models.CheckConstraint(condition=Q(position__in=Position.values), name="post_position_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_position_display()} · {self.person.name}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
        if self.ended_on is None and self.position in SINGLE_POSITIONS and self.committee_id:
            taken = Post.objects.open().filter(committee_id=self.committee_id, position=self.position)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "position": _("%(committee)s already has an open %(position)s post; end it first.")
                        % {"committee": self.committee, "position": self.get_position_display()}
                    }
                )


class BackboneRole(models.Model):
    """One of the 五大员 roles; wording varies by city, so the list is data."""

    name = models.CharField(_("name"), max_length=20, unique=True, validators=[validate_single_line])
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("backbone role")
        verbose_name_plural = _("backbone roles")
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class Layer(models.TextChoices):
    BACKBONE = "backbone", _("backbone")
    PARTICIPANT = "participant", _("participant")


class VolunteerQuerySet(models.QuerySet):
    def active(self) -> VolunteerQuerySet:
        return self.filter(exited_on__isnull=True)


class Volunteer(models.Model):
    """A five-old's membership of a committee's volunteers; exiting sets a date and a reason."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="volunteer_memberships"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="volunteers"
    )
    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices, default=Layer.PARTICIPANT)
    backbone_roles = models.ManyToManyField(
        BackboneRole, verbose_name=_("backbone roles"), blank=True, related_name="volunteers"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=200, blank=True, validators=[validate_single_line])

    history = HistoricalRecords()
    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("five-old volunteer")
        verbose_name_plural = _("five-old volunteers")
        ordering = ["committee", "layer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "committee"],
                condition=Q(exited_on__isnull=True),
                name="volunteer_one_open_membership",
                violation_error_message=_("This person is already an active volunteer of this committee."),
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(exited_on__gte=models.F("joined_on")),
                name="volunteer_exited_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.committee} · {self.get_layer_display()}"

    @property
    def is_active(self) -> bool:
        return self.exited_on is None

    def clean(self) -> None:
        if self.joined_on and self.exited_on and self.exited_on < self.joined_on:
            raise ValidationError({"exited_on": _("A volunteer cannot exit before joining.")})
        if self.exited_on and not self.exit_reason.strip():
            raise ValidationError({"exit_reason": _("Give the reason for the exit.")})


class PointsBasis(models.TextChoices):
    PER_YEAR = "per_year", _("per year of service")
    PER_AWARD = "per_award", _("per award")
    PER_ACTIVITY = "per_activity", _("per activity")
    PER_TRAINING = "per_training", _("per training")


class PointsRule(models.Model):
    """A points rule of the 积分制: local policy, so it is data."""

    code = models.CharField(_("rule code"), max_length=32, unique=True, validators=[validate_single_line])
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    basis = models.CharField(_("basis"), max_length=16, choices=PointsBasis.choices, default=PointsBasis.PER_YEAR)
    grade = models.CharField(_("award grade"), max_length=50, blank=True, validators=[validate_single_line])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PointsEntry(models.Model):
    """One line of a volunteer's points ledger; the total is the sum (selectors.volunteer_points_total)."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="points_entries"
    )
    rule = models.ForeignKey(
        PointsRule, verbose_name=_("rule"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    reason = models.CharField(_("reason"), max_length=200, validators=[validate_single_line])
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    date = models.DateField(_("date"))
    # What wrote the entry when it was not typed in: another app's record (an award's nomination,
    # "nomination:12"), so that writing it again settles the difference instead of doubling it.
    source = models.CharField(_("source"), max_length=40, blank=True, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.points}"


class TeamType(models.TextChoices):
    LECTURE_GROUP = "lecture_group", _("lecture group")
    LECTURER_GROUP = "lecturer_group", _("lecturer group")
    SERVICE_TEAM = "service_team", _("service team")
    MENTORING_GROUP = "mentoring_group", _("mentoring group")
    OTHER = "other", pgettext_lazy("team type", "other team")  # 其他, as form 4B lists the types


class VolunteerTeam(models.Model):
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    team_type = models.CharField(_("team type"), max_length=20, choices=TeamType.choices, default=TeamType.OTHER)
    committee = models.ForeignKey(
        Committee, verbose_name=_("owning committee"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded year"), null=True, blank=True, validators=[MinValueValidator(1949)]
    )
    members = models.ManyToManyField(Volunteer, verbose_name=_("members"), blank=True, related_name="teams")
    service_content = models.TextField(_("service content"), blank=True, validators=[validate_text])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="volunteer_team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StationKind(models.TextChoices):
    CENTRAL = "central", _("central station")
    POINT = "point", _("satellite point")


class TutoringStation(models.Model):
    """A tutoring station of a village; a hub-and-points village has a central station with points."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    committee = models.ForeignKey(
        Committee, verbose_name=_("village"), on_delete=models.PROTECT, related_name="tutoring_stations"
    )
    kind = models.CharField(_("station kind"), max_length=10, choices=StationKind.choices, default=StationKind.CENTRAL)
    hub = models.ForeignKey(
        "self",
        verbose_name=_("central station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points",
    )
    linked_school = models.ForeignKey(
        Committee,
        verbose_name=_("linked school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked_tutoring_stations",
    )
    opened_year = models.PositiveSmallIntegerField(
        _("opened year"), null=True, blank=True, validators=[MinValueValidator(1949)]
    )
    activities_per_year = models.PositiveSmallIntegerField(_("activities per year"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tutoring station")
        verbose_name_plural = _("tutoring stations")
        ordering = ["committee", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=StationKind.CENTRAL, hub__isnull=True) | Q(kind=StationKind.POINT, hub__isnull=False),
                name="tutoring_station_point_has_hub",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.committee_id and self.committee.kind not in VILLAGE_KINDS:
            errors["committee"] = _("A tutoring station belongs to a village or community.")
        if self.kind == StationKind.POINT:
            if not self.hub_id:
                errors["hub"] = _("A satellite point needs its central station.")
            elif self.hub.kind != StationKind.CENTRAL or self.hub.committee_id != self.committee_id:
                errors["hub"] = _("The central station must be a central station of the same village.")
        elif self.hub_id:
            errors["hub"] = _("A central station has no central station above it.")
        if self.linked_school_id and self.linked_school.kind != Kind.SCHOOL:
            errors["linked_school"] = _("The linked committee must be a school.")
        if errors:
            raise ValidationError(errors)
