"""Reads and writes of awards (评先创优): nominating an awardee of one's town, deciding a
nomination (an award to a five-old volunteer writes its points in the committees' points ledger),
the counts of a period, and the schemes with their categories (README, "Where things live").

Scoping (who may nominate for which town, who may decide) is the views' (committees.scoping);
this module checks what the data must satisfy whoever acts: the period is open, the category
takes the awardee's kind, the awardee belongs to the nominating town.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import services
from committees.models import TOWN_KINDS, Committee, Person, Post, TutoringStation, Volunteer

from .award_models import AwardCategory, AwardeeKind, AwardPeriod, AwardScheme, Nomination, NominationState


def people_of_town(town: Committee):
    """The people holding an open post or an active membership in the town or below."""
    posts = Post.objects.open().filter(committee__path__startswith=town.path).values("person_id")
    members = Volunteer.objects.active().filter(committee__path__startswith=town.path).values("person_id")
    return Person.objects.filter(Q(pk__in=posts) | Q(pk__in=members))


def _awardee_town_error(town: Committee, station, committee, person) -> str | None:
    if station is not None and not station.committee.path.startswith(town.path):
        return _("The tutoring station is not in %(town)s.") % {"town": town.name}
    if committee is not None and not committee.path.startswith(town.path):
        return _("The committee is not in %(town)s.") % {"town": town.name}
    if person is not None and not people_of_town(town).filter(pk=person.pk).exists():
        return _("The person holds no post or membership in %(town)s.") % {"town": town.name}
    return None


def _check_nomination(period, category, town, station, committee, person) -> None:
    given = [kind for kind, value in zip(AwardeeKind.values, (station, committee, person), strict=False) if value]
    if len(given) != 1:
        raise ValidationError(_("Name one awardee: a tutoring station, a committee or a person."))
    if not period.nominations_open:
        raise ValidationError(_("Nominations for this period are closed."))
    if category.scheme_id != period.scheme_id:
        raise ValidationError(_("The category belongs to another award scheme."))
    if not category.takes(given[0]):
        raise ValidationError(_("%(category)s is not awarded to this kind of awardee.") % {"category": category.name})
    if town.kind not in TOWN_KINDS:
        raise ValidationError(_("Nominations are made by a town committee."))
    error = _awardee_town_error(town, station, committee, person)
    if error:
        raise ValidationError(error)
    same = Nomination.objects.filter(
        period=period, category=category, station=station, awardee_committee=committee, person=person
    )
    if same.exists():
        raise ValidationError(_("This awardee is already nominated in this category."))


@transaction.atomic
def nominate(
    *,
    actor,
    period: AwardPeriod,
    category: AwardCategory,
    town: Committee,
    station: TutoringStation | None = None,
    committee: Committee | None = None,
    person: Person | None = None,
    reason: str = "",
) -> Nomination:
    _check_nomination(period, category, town, station, committee, person)
    nomination = Nomination(
        period=period, category=category, committee=town, station=station,
        awardee_committee=committee, person=person, reason=reason, nominated_by=actor,
    )  # fmt: skip
    nomination.full_clean()
    nomination._history_user = actor
    nomination.save()
    return nomination


@transaction.atomic
def decide(*, actor, nomination: Nomination, awarded: bool) -> Nomination:
    """Award or turn down a nomination; a decision may be changed (history keeps each)."""
    nomination.state = NominationState.AWARDED if awarded else NominationState.NOT_AWARDED
    nomination.decided_by = actor
    nomination.decided_at = timezone.now()
    nomination._history_user = actor
    nomination.save(update_fields=["state", "decided_by", "decided_at"])
    nomination_points_settle(actor=actor, nomination=nomination)
    return nomination


def nomination_points_source(nomination: Nomination) -> str:
    return f"nomination:{nomination.pk}"


def nomination_points_settle(*, actor, nomination: Nomination):
    """Write in the points ledger what the decision means for a person awarded: the category's
    points on the decision's day when awarded, their reversal when the award is undone; nothing
    for a station or a committee, a category without points, or a person who is not a five-old
    volunteer. Deciding the same way again writes nothing."""
    if nomination.person_id is None or nomination.decided_at is None:
        return None
    category, period = nomination.category, nomination.period
    awarded = nomination.state == NominationState.AWARDED and category.points
    reason = _("%(category)s (%(scheme)s %(first)s–%(last)s)") % {
        "category": category.name,
        "scheme": period.scheme.name,
        "first": period.first_year,
        "last": period.last_year,
    }
    return services.points_award_settle(
        actor=actor,
        person_id=nomination.person_id,
        source=nomination_points_source(nomination),
        points=Decimal(category.points if awarded else 0),
        reason=reason,
        date=timezone.localdate(nomination.decided_at),
        within=nomination.committee,
    )


def category_counts(period: AwardPeriod, nominations) -> list[dict]:
    """Per category of the period's scheme: awarded, nominated (undecided) and not awarded."""
    counts = {
        row["category_id"]: row
        for row in nominations.filter(period=period)
        .values("category_id")
        .annotate(
            awarded=Count("pk", filter=Q(state=NominationState.AWARDED)),
            pending=Count("pk", filter=Q(state=NominationState.NOMINATED)),
            refused=Count("pk", filter=Q(state=NominationState.NOT_AWARDED)),
        )
        .order_by()
    }
    empty = {"awarded": 0, "pending": 0, "refused": 0}
    return [{"category": c, **counts.get(c.pk, empty)} for c in period.scheme.categories.all()]


@transaction.atomic
def period_save(*, actor, period: AwardPeriod, **data) -> AwardPeriod:
    for name, value in data.items():
        setattr(period, name, value)
    period.full_clean()
    period._history_user = actor
    period.save()
    return period


@dataclass(frozen=True)
class PeriodAwards:
    """A period's awards as a report cites them: the scheme, the years, each category's awardees."""

    scheme: str
    every_years: int
    first_year: int
    last_year: int
    awarded: list[tuple[str, str, int]]  # (category, kind of awardee, awarded), in the categories' order


def latest_awards(scope: Committee, year: int) -> PeriodAwards | None:
    """The awards of the latest period ending in or before `year` in which a committee of the
    scope's subtree (the nominating town) had a nomination awarded; None when there is none.
    Three queries."""
    nominations = Nomination.objects.filter(
        committee__path__startswith=scope.path, state=NominationState.AWARDED, period__last_year__lte=year
    )
    latest = (
        nominations.order_by("-period__last_year", "-period__first_year", "period__scheme__name")
        .values_list("period_id", flat=True)
        .first()
    )
    if latest is None:
        return None
    period = AwardPeriod.objects.select_related("scheme").prefetch_related("scheme__categories").get(pk=latest)
    counts = category_counts(period, nominations)
    return PeriodAwards(
        scheme=period.scheme.name,
        every_years=period.scheme.every_years,
        first_year=period.first_year,
        last_year=period.last_year,
        awarded=[(c["category"].name, c["category"].awardee_kind, c["awarded"]) for c in counts],
    )


def category_ids_in_use(scheme: AwardScheme) -> set[int]:
    """The scheme's categories that have nominations (one query; none for a scheme not saved)."""
    if scheme.pk is None:
        return set()
    return set(Nomination.objects.filter(category__scheme=scheme).values_list("category_id", flat=True).distinct())


def category_change_error(category: AwardCategory, used: set[int], *, deleting: bool, kind_changed: bool) -> str | None:
    """Why a category may not be changed so: one with nominations keeps its meaning — it stays,
    and its kind of awardee with it (its name, order and points may change)."""
    if category.pk not in used:
        return None
    if deleting:
        return _("%(name)s has nominations: a category in use cannot be deleted.") % {"name": category.name}
    if kind_changed:
        return _("%(name)s has nominations: its kind of awardee cannot change.") % {"name": category.name}
    return None


@transaction.atomic
def scheme_save(*, actor, form, categories) -> AwardScheme:
    """Save a scheme and its categories from their validated forms (award_forms.SchemeForm,
    CategoryFormSet), each row with its history; a category in use is never deleted."""
    scheme = form.save(commit=False)
    scheme._history_user = actor
    scheme.save()
    categories.instance = scheme
    changed = categories.save(commit=False)
    used = category_ids_in_use(scheme)
    for category in categories.deleted_objects:
        if category.pk in used:
            raise ValidationError(category_change_error(category, used, deleting=True, kind_changed=False))
        category._history_user = actor
        category.delete()
    for category in changed:
        category.scheme = scheme
        category._history_user = actor
        category.save()
    return scheme
