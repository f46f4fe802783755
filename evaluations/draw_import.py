"""A spot-check draw's checklist workbook, with the database: the download (the picked villages,
the version's items, the reviews already recorded) and the upload, planned (reads only: every
sheet checked, keys resolved inside the uploader's scope) and applied (every filled sheet recorded
as a spot-check review of the draw, in one transaction: all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from committees import scoping
from committees.excel import CellError
from committees.labels import chinese
from committees.models import Committee

from .draw_excel import (
    META_KEYS,
    META_SHEET,
    TEMPLATE_VERSION,
    Checklist,
    Filled,
    Rules,
    Village,
    check_sheet,
    checklist_workbook,
    read_checklist,
)
from .models import RESULTS_OF_KIND, FhfgGroup, ItemResult, Review, ReviewItem, ReviewKind, ReviewResult, SpotCheckDraw
from .selectors import standard_items
from .services import record_review


def _rules(draw: SpotCheckDraw) -> Rules:
    return Rules(
        items=[item.name for item in standard_items(draw.standard)],
        item_results={chinese(choice.label): choice.value for choice in ItemResult},
        overall_results={chinese(ReviewResult(v).label): v for v in RESULTS_OF_KIND[ReviewKind.SPOT_CHECK]},
        year=draw.year,
        today=timezone.localdate(),
    )


def draw_reviews(draw: SpotCheckDraw) -> dict[int, Review]:
    """The reviews recorded for the draw, by village id (the latest when there are two)."""
    reviews = draw.reviews.prefetch_related("items__item").order_by("date", "pk")
    return {review.committee_id: review for review in reviews}


def _recorded(review: Review) -> dict:
    """A recorded review as its locked sheet shows it (Chinese labels)."""
    return {
        "date": review.date,
        "reviewers": review.reviewer_names,
        "result": chinese(review.get_result_display()),
        "findings": review.findings,
        "items": {ri.item.name: (chinese(ri.get_result_display()), ri.note) for ri in review.items.all()},
    }


def checklist_download(draw: SpotCheckDraw) -> bytes:
    """The checklist workbook of the draw's picked villages, in frame order."""
    villages = Committee.objects.filter(pk__in=draw.picks).select_related("parent").in_bulk()
    reviews = draw_reviews(draw)
    items = standard_items(draw.standard)
    rules = _rules(draw)
    checklist = Checklist(
        draw=draw.pk,
        committee=draw.committee.code,
        title=_("%(scope)s %(year)d spot check of the five haves and five goods (draw no. %(number)d)")
        % {"scope": draw.committee.name, "year": draw.year, "number": draw.pk},
        year=draw.year,
        items=[(item.name, chinese(FhfgGroup(item.group).label) if item.group else "") for item in items],
        villages=[
            Village(v.code, v.name, v.parent.name, _recorded(reviews[v.pk]) if v.pk in reviews else None)
            for v in (villages[pk] for pk in draw.picks if pk in villages)
        ],
        item_labels=list(rules.item_results),
        result_labels=list(rules.overall_results),
    )
    return checklist_workbook(checklist)


@dataclass
class Plan:
    errors: list[CellError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sheets skipped, and why
    not_imported: list[str] = field(default_factory=list)  # locked sheets that differ from the record
    to_record: list[tuple[Committee, Filled]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_meta(meta: dict | None, draw: SpotCheckDraw) -> list[CellError]:
    """A meta sheet must name this draw (a workbook without one is read as the page's draw)."""
    if meta is None:
        return []
    expected = {"draw": str(draw.pk), "committee": draw.committee.code, "year": str(draw.year)}
    expected["spec_version"] = TEMPLATE_VERSION
    if set(meta) != set(META_KEYS) or not all(meta.values()):
        message = _("The hidden sheet “%(sheet)s” has been changed; download the checklist again.")
        return [CellError(META_SHEET, None, None, None, message % {"sheet": META_SHEET})]
    if meta["draw"] != expected["draw"]:
        message = _("This workbook is the checklist of draw no. %(found)s, not of draw no. %(draw)d.")
        return [CellError(META_SHEET, None, None, meta["draw"], message % {"found": meta["draw"], "draw": draw.pk})]
    if meta != expected:
        message = _("The hidden sheet “%(sheet)s” has been changed; download the checklist again.")
        return [CellError(META_SHEET, None, None, None, message % {"sheet": META_SHEET})]
    return []


def checklist_plan(draw: SpotCheckDraw, *, user, data: bytes) -> Plan:
    """What the upload would record; reads only."""
    plan = Plan()
    upload = read_checklist(data)
    plan.errors += upload.errors + _check_meta(upload.meta, draw)
    if plan.errors:
        return plan
    codes = {str(sheet.values.get("code") or "") for sheet in upload.sheets}
    readable = {c.code: c for c in scoping.committees_for(user).filter(code__in=codes)}
    reviews = draw_reviews(draw)
    rules = _rules(draw)
    seen: dict[str, str] = {}
    for sheet in upload.sheets:
        code = str(sheet.values.get("code") or "")
        village = _village(sheet.sheet, code, readable, draw, user, seen, plan)
        if village is None:
            continue
        if village.pk in reviews:
            _locked(sheet, village, reviews[village.pk], rules, plan)
        elif sheet.blank:
            plan.notes.append(_("%(sheet)s: not filled in; skipped.") % {"sheet": sheet.sheet})
        else:
            filled, errors = check_sheet(sheet, rules)
            plan.errors += errors
            if filled is not None:
                plan.to_record.append((village, filled))
    return plan


def _village(sheet: str, code: str, readable, draw, user, seen: dict, plan: Plan) -> Committee | None:
    """The village a sheet names, checked: in the uploader's scope, picked by the draw, to be
    evaluated by the uploader, named once, in a sheet named after it."""
    village = readable.get(code)

    def error(message: str) -> None:
        plan.errors.append(CellError(sheet, 1, "单位编码", code, message))

    if village is None:
        error(_("No such committee, or it is outside your scope."))
    elif village.pk not in draw.picks:
        error(_("%(name)s was not picked by this draw.") % {"name": village.name})
    elif not scoping.may_evaluate(user, village):
        error(_("You may not record a review of %(name)s.") % {"name": village.name})
    elif code in seen:
        error(_("The sheet “%(other)s” is about the same village.") % {"other": seen[code]})
    elif not sheet.startswith(f"{code} ") and sheet != code:
        error(_("The sheet's name should begin with the village's code; download the checklist again."))
    else:
        seen[code] = sheet
        return village
    return None


def _locked(sheet, village: Committee, review: Review, rules: Rules, plan: Plan) -> None:
    """A village whose review of the draw is recorded: its sheet is skipped; the preview lists it as
    not imported when it differs from the record."""
    filled, _errors = check_sheet(sheet, rules)
    same = filled is not None and (
        filled.date == review.date
        and filled.reviewers == review.reviewer_names
        and filled.result == review.result
        and filled.findings == review.findings
        and filled.items == {ri.item.name: (ri.result, ri.note) for ri in review.items.all()}
    )
    if same or sheet.blank:
        plan.notes.append(_("%(sheet)s: already recorded, unchanged; skipped.") % {"sheet": sheet.sheet})
    else:
        plan.not_imported.append(
            _(
                "%(sheet)s: the review of %(name)s for this draw is recorded and cannot be changed by an upload; "
                "this sheet's changes are not imported."
            )
            % {"sheet": sheet.sheet, "name": village.name}
        )


@transaction.atomic
def checklist_apply(draw: SpotCheckDraw, *, user, plan: Plan) -> list[Review]:
    """Record every filled sheet of a plan without errors as a spot-check review of the draw."""
    items = {item.name: item.pk for item in standard_items(draw.standard)}
    reviews = [
        record_review(
            actor=user,
            committee=village,
            kind=ReviewKind.SPOT_CHECK,
            day=filled.date,
            standard=draw.standard,
            results={items[name]: value for name, (value, _note) in filled.items.items()},
            result=filled.result,
            findings=filled.findings,
            reviewer_names=filled.reviewers,
            measures=filled.measures,
            draw=draw,
        )
        for village, filled in plan.to_record
    ]
    notes = {
        (review.pk, name): note
        for review, (_v, filled) in zip(reviews, plan.to_record, strict=True)
        for name, (_value, note) in filled.items.items()
        if note
    }
    rows = ReviewItem.objects.filter(review__in=reviews).select_related("item")
    changed = [row for row in rows if (row.review_id, row.item.name) in notes]
    for row in changed:
        row.note = notes[(row.review_id, row.item.name)]
    bulk_update_with_history(changed, ReviewItem, ["note"], default_change_reason=_("Imported from a checklist"))
    return reviews
