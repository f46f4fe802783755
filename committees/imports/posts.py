"""People with their posts in a committee's leadership: one row per post.

The export lists the open posts. A row's post is the person's post in that committee with the
same position and start date, else the person's only open post with that position (so a start
date can be filled in), else a new post. Ending a post is a date in 离任日期, never a deletion.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..excel_specs import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    PEOPLE_INSTRUCTIONS,
    POSITION_LABELS,
    SOURCE_LABELS,
    people_spec,
)
from ..models import Committee, Position, Post
from ..models.registry import SINGLE_POSITIONS
from ..selectors import POSITION_ORDER, PersonalData
from .common import (
    INSERT_BATCH,
    CommitteeResolver,
    Duplicates,
    ImportPlan,
    PlannedRow,
    Table,
    Ticker,
    diff,
    label_of,
    labels_to_values,
    model_errors,
    reference_year,
    set_values,
)
from .person_matching import PersonMatcher, PersonPlan, people_save

PERSON_FIELDS = ("name", "gender", "birth_year", "phone", "former_post", "is_five_old", "five_old_category", "notes")
POST_FIELDS = ("position", "concurrent", "resident", "source", "started_on", "ended_on")  # named as their columns
POSITIONS = labels_to_values(POSITION_LABELS)
SOURCES = labels_to_values(SOURCE_LABELS)
SHOW = {"position": label_of(POSITION_LABELS), "source": label_of(SOURCE_LABELS)}


@dataclass(kw_only=True)
class PostRow(PlannedRow):
    person: PersonPlan
    post: Post | None = None  # None: a new post
    values: dict
    parsed: dict = field(default_factory=dict)  # the file's row, for errors found after matching


class PeopleTable(Table):
    slug = "people"
    title = gettext_lazy("Leadership and posts")
    instructions = PEOPLE_INSTRUCTIONS

    def spec(self):
        return people_spec(reference_year())

    def export_rows(self, committee: Committee, user) -> list[dict]:
        """The open posts of the subtree; phones masked unless `user` may change the person."""
        return self.rows_of(Post.objects.open().filter(committee__in=Committee.objects.subtree_of(committee)), user)

    def rows_of(self, qs, user) -> list[dict]:
        """The rows of these posts, by committee and position."""
        posts = sorted(
            qs.select_related("person", "committee"),
            key=lambda p: (
                p.committee.path,
                POSITION_ORDER.get(p.position, 99),
                p.started_on or datetime.date.min,
                p.pk,
            ),
        )
        shown = PersonalData.for_reader(user, {p.person_id for p in posts})
        rows = []
        for post in posts:
            person = post.person
            phone = person.phone if user is None else shown.phone(person)
            rows.append(
                {
                    "committee_code": post.committee.code,
                    "committee_name": post.committee.name,
                    "person_code": person.code,
                    "name": person.name,
                    "gender": GENDER_LABELS.get(person.gender),
                    "birth_year": person.birth_year,
                    "phone": phone,
                    "former_post": person.former_post,
                    "category": CATEGORY_LABELS.get(person.five_old_category),
                    "position": POSITION_LABELS[post.position],
                    "concurrent": post.concurrent,
                    "resident": post.resident,
                    "source": SOURCE_LABELS.get(post.source),
                    "started_on": post.started_on,
                    "ended_on": post.ended_on,
                    "notes": person.notes,
                }
            )
        return rows

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = CommitteeResolver(user, (r["committee_code"] for r in rows))
        people = PersonMatcher(rows, committees.writable, PERSON_FIELDS, user=user)
        duplicates = Duplicates()
        pending: list[PostRow] = []
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            person, identity = people.resolve(plan, row, committee)
            if person is None:
                continue
            who = ("person_code",) if row.get("person_code") else ("name", "birth_year")
            values = {
                "position": POSITIONS[row["position"]],
                "concurrent": bool(row.get("concurrent")),
                "resident": row.get("resident"),  # None: the post keeps its flag (below)
                "source": SOURCES.get(row.get("source") or "", ""),
                "started_on": row.get("started_on"),
                "ended_on": row.get("ended_on"),
            }
            keys = ("committee_code", *who, "position", "started_on")
            if not duplicates.check(
                plan, row, (committee.pk, identity, values["position"], values["started_on"]), keys
            ):
                continue
            candidate = Post(**{**values, "resident": bool(values["resident"])})
            try:
                candidate.clean_fields(exclude=["committee", "person"])
                if values["started_on"] and values["ended_on"] and values["ended_on"] < values["started_on"]:
                    raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
            except ValidationError as exc:
                model_errors(plan, row, exc, {}, "position")
                continue
            pending.append(
                PostRow(
                    row=row["_row"],
                    committee=committee,
                    label=f"{person.label()} · {row['position']}",
                    person=person,
                    values=values,
                    parsed=row,
                )
            )
        self._match(pending, committees)
        for planned in pending:  # an empty or absent 是否驻会: an existing post's flag, a new one's 否
            if planned.values["resident"] is None:
                planned.values["resident"] = bool(planned.post and planned.post.resident)
        headers = {f: plan.spec.column(f).header for f in POST_FIELDS}
        for planned in pending:  # a new post may still change an existing person
            planned.changes = list(planned.person.changes)
            if planned.post is not None:
                planned.changes += diff(planned.post, planned.values, headers, SHOW)
            plan.add(planned, is_new=planned.post is None)
        self._check_single_positions(plan, pending, committees)

    def _match(self, pending: list[PostRow], committees: CommitteeResolver) -> None:
        """Each row's existing post: the same position and start date, else the only open one."""
        person_ids = {r.person.person.pk for r in pending if not r.person.is_new}
        posts = Post.objects.filter(committee__in=committees.writable, person_id__in=person_ids).order_by("pk")
        exact: dict[tuple, Post] = {}
        open_ones: dict[tuple, list[Post]] = defaultdict(list)
        for post in posts:
            exact.setdefault((post.committee_id, post.person_id, post.position, post.started_on), post)
            if post.ended_on is None:
                open_ones[(post.committee_id, post.person_id, post.position)].append(post)
        claimed: set[int] = set()
        for planned in pending:
            if planned.person.is_new:
                continue
            key = (planned.committee.pk, planned.person.person.pk, planned.values["position"])
            post = exact.get((*key, planned.values["started_on"]))
            if post is not None and post.pk not in claimed:
                planned.post = post
                claimed.add(post.pk)
        for planned in pending:
            if planned.person.is_new or planned.post is not None:
                continue
            key = (planned.committee.pk, planned.person.person.pk, planned.values["position"])
            free = [p for p in open_ones.get(key, []) if p.pk not in claimed]
            if len(free) == 1:
                planned.post = free[0]
                claimed.add(free[0].pk)

    def _check_single_positions(self, plan: ImportPlan, pending: list[PostRow], committees: CommitteeResolver) -> None:
        """A director and an executive deputy at most, per committee, once the file is applied."""
        open_after: dict[tuple[int, str], set] = defaultdict(set)
        for post in Post.objects.open().filter(committee__in=committees.writable, position__in=SINGLE_POSITIONS):
            open_after[(post.committee_id, post.position)].add(post.pk)
        for planned in pending:
            if planned.post is not None:
                open_after[(planned.post.committee_id, planned.post.position)].discard(planned.post.pk)
        rows_open: dict[tuple[int, str], list[PostRow]] = defaultdict(list)
        for planned in pending:
            if planned.values["position"] in SINGLE_POSITIONS and planned.values["ended_on"] is None:
                rows_open[(planned.committee.pk, planned.values["position"])].append(planned)
        for key, planned_rows in rows_open.items():
            if len(planned_rows) + len(open_after.get(key, ())) <= 1:
                continue
            for planned in planned_rows:
                message = _("%(committee)s already has an open %(position)s post; end it first.") % {
                    "committee": planned.committee.name,
                    "position": Position(planned.values["position"]).label,
                }
                plan.error(planned.parsed, "position", message)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        rows: list[PostRow] = plan.new + plan.changed
        people_save(list({id(r.person): r.person for r in rows}.values()), fields=PERSON_FIELDS, history=history)
        progress(40, _("Saving"))
        changed = [r for r in plan.changed if set_values(r.post, r.values)]
        # Posts that end or leave a single position first, so that the one-director rule holds throughout.
        first = [r.post for r in changed if r.post.ended_on is not None or r.post.position not in SINGLE_POSITIONS]
        firsts = {id(p) for p in first}
        for posts in (first, [r.post for r in changed if id(r.post) not in firsts]):
            if posts:
                bulk_update_with_history(posts, Post, list(POST_FIELDS), batch_size=500, **history)
        progress(70, _("Saving"))
        bulk_create_with_history(
            [Post(committee=r.committee, person=r.person.person, **r.values) for r in plan.new],
            Post,
            batch_size=INSERT_BATCH,
            **history,
        )
