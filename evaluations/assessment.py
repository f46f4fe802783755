"""The assessment's reads and writes: the scores of a scheme, the computed items filled by their
scorers, the ranking with each committee's reward by the tiers, a reward's confirmation; a scheme
copied to a new year and its page's tables saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee

from . import scorers
from .models import (
    OPEN_STATES,
    AssessmentItem,
    AssessmentScheme,
    AssessmentScore,
    Rectification,
    Reward,
    RewardBasis,
    RewardRule,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def scheme_for(committee: Committee, year: int) -> AssessmentScheme | None:
    return AssessmentScheme.objects.filter(committee=committee, year=year).first()


def assessed(scheme: AssessmentScheme):
    """The committees a scheme assesses: the open ones of its level below the assessing committee."""
    return (
        Committee.objects.subtree_of(scheme.committee, include_self=False)
        .filter(kind__in=kinds_like(scheme.assessed_kind), closed_on__isnull=True)
        .order_by("display_order", "code")
    )


def kinds_like(kind: str) -> tuple[str, ...]:
    """A level's kinds: towns with subdistricts (镇、街道), villages with communities (村、社区)."""
    return next((kinds for kinds in (TOWN_KINDS, VILLAGE_KINDS) if kind in kinds), (kind,))


def items_of(scheme: AssessmentScheme) -> list[AssessmentItem]:
    return list(scheme.items.order_by("order", "pk"))


@dataclass
class Row:
    """One assessed committee's line: its scores by item pk, its total, rank and reward."""

    committee: Committee
    scores: dict[int, AssessmentScore] = field(default_factory=dict)
    total: Decimal = ZERO
    rank: int = 0
    amount: Decimal = ZERO
    reward: Reward | None = None

    def cells(self, items: list[AssessmentItem]) -> list[AssessmentScore | None]:
        return [self.scores.get(item.pk) for item in items]


def ranking(scheme: AssessmentScheme, committees, items: list[AssessmentItem]) -> list[Row]:
    """The committees given (already scoped), ranked by weighted total; equal totals share a rank.
    Three queries: the scores, the tiers, the rewards."""
    committees = list(committees)
    rows = {c.pk: Row(c) for c in committees}
    weights = {item.pk: item.weight for item in items}
    for score in AssessmentScore.objects.filter(item__scheme=scheme, committee_id__in=list(rows)):
        row = rows[score.committee_id]
        row.scores[score.item_id] = score
        row.total += (score.points * weights.get(score.item_id, 0)).quantize(CENT)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.committee.code))
    # Ranks are among every committee the scheme assesses, not only those the reader sees.
    totals = sorted(scheme_totals(scheme, weights), reverse=True)
    tiers = tiers_of(scheme)
    rewards = {r.committee_id: r for r in Reward.objects.filter(scheme=scheme, committee_id__in=list(rows))}
    for row in ordered:
        row.rank = 1 + sum(1 for t in totals if t > row.total)
        row.amount = amount_for(tiers, row.rank, row.total)
        row.reward = rewards.get(row.committee.pk)
    return ordered


def scheme_totals(scheme: AssessmentScheme, weights: dict[int, Decimal]) -> list[Decimal]:
    totals: dict[int, Decimal] = {c: ZERO for c in assessed(scheme).values_list("pk", flat=True)}
    for committee_id, item_id, points in AssessmentScore.objects.filter(
        item__scheme=scheme, committee_id__in=list(totals)
    ).values_list("committee_id", "item_id", "points"):
        totals[committee_id] += (points * weights.get(item_id, 0)).quantize(CENT)
    return list(totals.values())


def tiers_of(scheme: AssessmentScheme) -> list[RewardRule]:
    tiers = list(scheme.reward_rules.all())
    return sorted(tiers, key=lambda t: (t.basis, t.bound if t.basis == RewardBasis.RANK else -t.bound))


def amount_for(tiers: list[RewardRule], rank: int, total: Decimal) -> Decimal:
    return next((tier.amount for tier in tiers if tier.meets(rank, total)), ZERO)


@transaction.atomic
def compute(*, actor, scheme: AssessmentScheme) -> int:
    """Fill every computed item of the scheme for every committee it assesses, by its scorer;
    scores are written with history. Answers the number of scores written."""
    committees = list(assessed(scheme))
    existing = {(s.item_id, s.committee_id): s for s in AssessmentScore.objects.filter(item__scheme=scheme)}
    now = timezone.now()
    new, changed = [], []
    for item in items_of(scheme):
        scorer = scorers.get(item.scorer) if item.scorer else None
        if scorer is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):  # the evidence is stored in words
            results = scorer.fn(scheme, committees)
        for committee in committees:
            share, evidence = results.get(committee.pk, (Decimal(0), ""))
            points = (item.max_points * max(Decimal(0), min(Decimal(1), share))).quantize(CENT)
            score = existing.get((item.pk, committee.pk))
            if score is None:
                new.append(AssessmentScore(item=item, committee=committee, points=points, evidence=evidence))
                score = new[-1]
            else:
                score.points, score.evidence = points, evidence
                changed.append(score)
            score.scored_by, score.scored_at = actor, now
    bulk_create_with_history(new, AssessmentScore, default_user=actor, default_change_reason=_("computed"))
    fields = ["points", "evidence", "scored_by", "scored_at"]
    bulk_update_with_history(changed, AssessmentScore, fields, default_user=actor, default_change_reason=_("computed"))
    return len(new) + len(changed)


def score_set(*, actor, item: AssessmentItem, committee: Committee, points: Decimal, evidence: str) -> AssessmentScore:
    """A hand score (a computed item is filled by its scorer, not by hand)."""
    if item.computed:
        raise ValidationError(_("This item is computed from the records; it is not scored by hand."))
    if not ZERO <= points <= item.max_points:
        raise ValidationError(
            _("Points must be between 0 and the item's maximum of %(max)s.") % {"max": item.max_points}
        )
    score, _created = AssessmentScore.objects.update_or_create(
        item=item,
        committee=committee,
        defaults={"points": points, "evidence": evidence.strip(), "scored_by": actor, "scored_at": timezone.now()},
    )
    return score


def reward_confirm(*, actor, scheme: AssessmentScheme, row: Row, fund_entry_id: int | None) -> Reward:
    """Record a confirmed reward (the caller writes the funding entry in the same transaction)."""
    if Reward.objects.filter(scheme=scheme, committee=row.committee).exists():
        raise ValidationError(_("This reward has already been confirmed."))
    if row.amount <= 0:
        raise ValidationError(_("No reward is due at this rank and score."))
    return Reward.objects.create(
        scheme=scheme,
        committee=row.committee,
        rank=row.rank,
        total=row.total,
        amount=row.amount,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
        fund_entry_id=fund_entry_id,
    )


def rectification_counts(committee_ids, year: int) -> dict[int, tuple[int, int]]:
    """Each committee's rectifications opened in `year`: (how many, how many closed)."""
    rows = (
        Rectification.objects.filter(committee_id__in=list(committee_ids), opened_by__date__year=year)
        .values("committee_id")
        .annotate(n=Count("pk"), closed=Count("pk", filter=~Q(state__in=OPEN_STATES)))
        .values_list("committee_id", "n", "closed")
    )
    return {pk: (n, closed) for pk, n, closed in rows}


def district_scheme(year: int) -> AssessmentScheme | None:
    """The district's scheme of the year (its items and tiers are district-wide policy, read by all)."""
    return (
        AssessmentScheme.objects.filter(year=year, committee__parent__isnull=True).select_related("committee").first()
    )


def scheme_years() -> list[int]:
    return list(
        AssessmentScheme.objects.filter(committee__parent__isnull=True).order_by("-year").values_list("year", flat=True)
    )


TOP_RANKS = 3  # the top of a ranking a report names


@dataclass(frozen=True)
class AssessmentYear:
    """The district's assessment of a year over a scope's towns, as a report cites it."""

    scheme: str
    assessed: int  # the scope's committees the scheme assesses
    ranked_among: int  # every committee the scheme assesses (ranks are among them)
    top: list[Row]  # those ranked within TOP_RANKS; for a town's scope, the town's own row
    rewarded: int  # rewards confirmed
    rewards: Decimal  # their sum, 万元
    due: int  # rows the tiers give a reward not yet confirmed
    due_amount: Decimal  # their sum, 万元


def assessment_year(scope: Committee, year: int) -> AssessmentYear | None:
    """The district's scheme of `year` over the towns of the scope's subtree (every town for the
    district, the town itself for a town): ranked among all it assesses, with the rewards
    confirmed and those the tiers still give. None without a scheme, or before any score. Seven queries."""
    scheme = district_scheme(year)
    if scheme is None or not AssessmentScore.objects.filter(item__scheme=scheme).exists():
        return None
    everyone = assessed(scheme)
    rows = ranking(scheme, everyone.filter(path__startswith=scope.path), items_of(scheme))
    if not rows:
        return None
    own = [row for row in rows if row.committee.pk == scope.pk]
    confirmed = [row.reward for row in rows if row.reward is not None]
    due = [row.amount for row in rows if row.reward is None and row.amount > 0]
    return AssessmentYear(
        scheme=scheme.name,
        assessed=len(rows),
        ranked_among=everyone.count(),
        top=own or [row for row in rows if row.rank <= TOP_RANKS],
        rewarded=len(confirmed),
        rewards=sum((r.amount for r in confirmed), ZERO),
        due=len(due),
        due_amount=sum(due, ZERO),
    )


def _copy_name(name: str, source: int, year: int) -> str:
    return name.replace(str(source), str(year)) if str(source) in name else f"{year} {name}"


@transaction.atomic
def scheme_copy(*, actor, scheme: AssessmentScheme, year: int) -> AssessmentScheme:
    """A new year's scheme of the same assessing committee, copied from `scheme`: its name (the
    year in it changed), level, notes, items (codes, points, weights, how each is scored) and
    reward tiers; no scores. Refused when the committee already has a scheme that year."""
    if AssessmentScheme.objects.filter(committee=scheme.committee, year=year).exists():
        raise ValidationError({"year": _("There is already an assessment scheme for %(year)s.") % {"year": year}})
    copy = AssessmentScheme(
        year=year,
        committee=scheme.committee,
        assessed_kind=scheme.assessed_kind,
        name=_copy_name(scheme.name, scheme.year, year),
        notes=scheme.notes,
    )
    copy.full_clean()
    copy._history_user = actor
    copy.save()
    items = [
        AssessmentItem(
            scheme=copy,
            order=i.order,
            code=i.code,
            name=i.name,
            max_points=i.max_points,
            weight=i.weight,
            scorer=i.scorer,
        )  # fmt: skip
        for i in scheme.items.order_by("order", "pk")
    ]
    tiers = [RewardRule(scheme=copy, basis=t.basis, bound=t.bound, amount=t.amount) for t in scheme.reward_rules.all()]
    bulk_create_with_history(items, AssessmentItem, default_user=actor)
    bulk_create_with_history(tiers, RewardRule, default_user=actor)
    return copy


@transaction.atomic
def scheme_rows_save(*, items, tiers) -> None:
    """Save the scheme page's validated tables of items and tiers. Codes are unique in a scheme;
    the items whose code changes are first given a code no other has, so that two items may
    trade their codes (A1 ↔ A2) without the database refusing the first of the two saves."""
    renamed = [form.instance.pk for form in items.initial_forms if "code" in form.changed_data]
    if renamed:
        temporary = Concat(Value("~"), Cast("pk", CharField()))
        AssessmentItem.objects.filter(pk__in=renamed).update(code=temporary)
    items.save()
    tiers.save()
