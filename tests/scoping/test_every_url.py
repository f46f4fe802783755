"""Every URL pattern × every role × an object inside and outside the reader's scope, GET and POST.

How it enumerates: the patterns come from Django's URL resolver — every `path()` the project
serves (django-admin and Django's own i18n view aside) — not from a list typed here. Each URL
argument is given by its name (`committee_pk`, `town_pk`, `year`, …) or, for a bare `pk`, by
PK_KINDS, which says what kind of object the pattern's `pk` is; the `targets` fixture makes each
kind of object once in 东港镇 and once in 鹅湖镇 and the test takes the ids from there.

So a view added later is covered without writing anything here:
- `test_every_pattern_is_covered` fails for a pattern whose arguments have no kind yet (add
  its `pk` to PK_KINDS, with the fixture's object for a new kind);
- the matrix then requests it as every role, for the 东港镇 and the 鹅湖镇 object, GET and POST
  (each request rolled back): a view that loads its object without the scoping helper answers
  200 where an out-of-scope reader must get 404, and a view that writes without checking the
  action lets a viewer's POST through where 403 is due. Both fail here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from committees.models import (
    Job,
    Layer,
    Meeting,
    MeetingKind,
    RoleAssignment,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from committees.reference import tables
from evaluations.draw_services import draw_make
from evaluations.models import (
    AssessmentItem,
    AssessmentScheme,
    AssessmentScore,
    AwardCategory,
    AwardPeriod,
    AwardScheme,
    Campaign,
    FhfgStandard,
    Nomination,
    RewardRule,
)
from funding.models import AidProgramme, AidSession, FundEntry, SubsidyPayment
from surveys.models import Submission
from surveys.report.models import ProblemRule, ReportFile, ReportRun
from tests.evaluations.helpers import regression
from tests.factories import PersonFactory, PostFactory
from tests.scoping.matrix import ROLES, TOWN_READS, TOWNS
from tests.surveys.conftest import open_round

YEAR = 2024
# Which town's objects each role reads (roles are the shared fixture set's).
READ_ONLY = {"viewer", "dg_viewer"}
SKIPPED_PREFIXES = ("django-admin/", "i18n/")  # Django's own admin (superusers only) and set_language
# Pages about the signed-in user's own account, open to everyone who is signed in.
OWN_ACCOUNT = {"home", "login", "logout", "password_change", "password_change_done"}
# Arguments whose kind the name says.
ARG_KINDS = {
    "parent_pk": "committee",
    "committee_pk": "committee",
    "town_pk": "town",
    "assignment_pk": "assignment",
    "year": "year",
    "table": "reference_table",
}
# What a bare `pk` is, per pattern (prefix match on the pattern's name, longest first).
PK_KINDS = {
    "committees:job_": "job",
    "committees:": "committee",
    "users:": "user",
    "registry:person_": "person",
    "registry:post_": "post",
    "registry:volunteer_": "volunteer",
    "registry:points_entry_create": "volunteer",
    "registry:team_": "team",
    "registry:station_": "station",
    "registry:reference_": "reference_row",
    "imports:job": "import_job",
    "imports:": "committee",
    "surveys:submission_": "submission",
    "surveys:report_file": "report_file",
    "surveys:report_": "report_run",
    "surveys:rule_": "rule",
    "funding:entry_": "fund_entry",
    "funding:payment_": "subsidy_payment",
    "funding:aid_programme": "aid_programme",
    "funding:aid_session_": "aid_session",
    "meetings:": "meeting",
    "evaluations:standard_": "fhfg_standard",
    "evaluations:rectification": "rectification",
    "draws:": "draw",
    "campaigns:": "campaign",
    "awards:period_": "award_period",
    "awards:scheme_": "award_scheme",
    "awards:nomination_": "nomination",
}
# Kinds not tied to a town: the same object on both sides (district-wide tables, users).
DISTRICT_WIDE = {
    "year",
    "user",
    "assignment",
    "reference_table",
    "reference_row",
    "rule",
    "fhfg_standard",
    "campaign",
    "award_period",
    "award_scheme",
}
# An import's job shows the uploader's own file: only its creator reads it, even in scope.
CREATOR_ONLY = {"import_job"}


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    args: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith(SKIPPED_PREFIXES):
                yield Pattern(namespace + (entry.name or ""), route, tuple(entry.pattern.converters))


PATTERNS = sorted(set(_walk(get_resolver().url_patterns)), key=lambda p: (p.name, p.route))


def kind_of(pattern: Pattern, arg: str) -> str | None:
    if arg in ARG_KINDS:
        return ARG_KINDS[arg]
    if arg == "pk":
        for prefix in sorted(PK_KINDS, key=len, reverse=True):
            if pattern.name.startswith(prefix):
                return PK_KINDS[prefix]
    return None


def test_every_pattern_is_covered():
    assert len(PATTERNS) > 80
    unnamed = [p.route for p in PATTERNS if not p.name]
    assert unnamed == []
    uncovered = [(p.name, arg) for p in PATTERNS for arg in p.args if kind_of(p, arg) is None]
    assert uncovered == [], "give these URL arguments a kind in PK_KINDS / ARG_KINDS and the targets fixture"


@pytest.fixture
def targets(xs, settings, tmp_path) -> dict[str, dict[str, object]]:
    """Each kind of object a URL names: {kind: {"dg": value, "eh": value}}."""
    settings.MEDIA_ROOT = tmp_path / "media"
    survey_round = open_round(xs, YEAR)
    _assessment(xs)
    objects: dict[str, dict[str, object]] = {}
    scheme = AwardScheme.objects.create(name="辅导站评选")
    category = AwardCategory.objects.create(scheme=scheme, name="优秀辅导站", awardee_kind="station")
    period = AwardPeriod.objects.create(scheme=scheme, first_year=2020, last_year=2022, nominations_open=True)
    for side, town, village, secretary in (
        ("dg", xs.dg, xs.dg_v1, xs.dg_secretary),
        ("eh", xs.eh, xs.eh_v1, xs.eh_secretary),
    ):
        person = PersonFactory(name=f"{side}的人", phone="13912341234")
        volunteer = Volunteer.objects.create(person=person, committee=village, layer=Layer.BACKBONE)
        run = ReportRun.objects.create(survey_round=survey_round, scope=town, status=ReportRun.Status.DONE)
        report_file = ReportFile(run=run, format="json")
        report_file.file.save(f"{side}.json", ContentFile(b"{}"), save=True)
        values = {
            "committee": village,
            "town": town,
            "person": person,
            "post": PostFactory(committee=village, person=person, position="executive_deputy"),
            "volunteer": volunteer,
            "team": VolunteerTeam.objects.create(name=f"{side}宣讲团", committee=village),
            "station": TutoringStation.objects.create(
                name=f"{side}辅导站", committee=village, kind=StationKind.CENTRAL
            ),
            "job": Job.objects.create(kind="district_summary", committee=village, created_by=xs.admin),
            "import_job": Job.objects.create(
                kind="import_plan", committee=town, created_by=secretary, params={"table": "volunteers"}
            ),
            "submission": Submission.objects.get(survey_round=survey_round, town=town, form=2),
            "report_run": run,
            "report_file": report_file,
            "fund_entry": FundEntry.objects.create(
                committee=village, year=YEAR, date=datetime.date(YEAR, 3, 1), amount=1, source="fiscal"
            ),
            "subsidy_payment": SubsidyPayment.objects.create(
                person=person,
                committee=village,
                year=YEAR,
                kind="resident_executive_deputy",
                months=12,
                computed=Decimal("0.60"),
                amount=Decimal("0.60"),
            ),  # fmt: skip
        }
        values["rectification"] = regression(xs.admin, village, datetime.date(YEAR, 6, 1))
        values["draw"] = draw_make(actor=xs.admin, committee=town, year=YEAR, method="count", amount=1, seed=1)
        programme = AidProgramme.objects.create(committee=village, name=f"{side}助学金", first_year=YEAR)
        values["aid_programme"] = programme
        values["aid_session"] = AidSession.objects.create(
            programme=programme, year=YEAR, number=1, amount=1, students=3
        )
        values["meeting"] = Meeting.objects.create(
            kind=MeetingKind.VISIT, date=datetime.date(YEAR, 4, 10), convenor=town, topics=f"{side}走访"
        )
        values["nomination"] = Nomination.objects.create(
            period=period, category=category, committee=town, station=values["station"], state="awarded"
        )
        for kind, value in values.items():
            objects.setdefault(kind, {})[side] = value
    table = tables()[0]
    shared = {
        "year": YEAR,
        "user": xs.eh_secretary,
        "assignment": RoleAssignment.objects.get(user=xs.eh_secretary),
        "reference_table": table.slug,
        "reference_row": table.model.objects.order_by("pk").first(),
        "rule": ProblemRule.objects.order_by("pk").first(),
        "fhfg_standard": FhfgStandard.objects.order_by("pk").first(),
        "campaign": Campaign.objects.get(first_year=2023),  # seeded: 2023–2025, so YEAR is one of its years
        "award_period": period,
        "award_scheme": scheme,
    }
    for kind, value in shared.items():
        objects[kind] = {"dg": value, "eh": value}
    return objects


def _assessment(xs) -> None:
    """The district's assessment of the year: a hand item, a computed one, a tier, a town scored."""
    scheme = AssessmentScheme.objects.create(committee=xs.dg.parent, year=YEAR, name="考核办法")
    hand = AssessmentItem.objects.create(scheme=scheme, code="A1", name="组织建设", max_points=20)
    AssessmentItem.objects.create(scheme=scheme, code="B1", name="报表", max_points=10, scorer="forms_on_time")
    RewardRule.objects.create(scheme=scheme, bound=9, amount=Decimal("1.00"))
    for town in (xs.dg, xs.eh):
        AssessmentScore.objects.create(item=hand, committee=town, points=15)


def _url(pattern: Pattern, targets, side: str) -> str:
    kwargs = {}
    for arg in pattern.args:
        value = targets[kind_of(pattern, arg)][side]
        kwargs[arg] = getattr(value, "pk", value)
    return reverse(pattern.name, kwargs=kwargs)


def _town_scoped(pattern: Pattern) -> set[str]:
    return {kind_of(pattern, arg) for arg in pattern.args} - DISTRICT_WIDE


def _request(client, method: str, url: str) -> int:
    """One request whose writes are rolled back, so every role meets the same objects."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_every_url_answers_each_role_by_scope(pattern, xs, targets, client_for):
    wrong = []
    town_kinds = _town_scoped(pattern)
    # Read-only roles first: a refused POST leaves nothing for the next role to trip on.
    for role in sorted(ROLES, key=lambda r: r not in READ_ONLY):
        client = client_for(getattr(xs, role))
        for side in TOWNS:
            url = _url(pattern, targets, side)
            for method in ("GET", "POST"):
                status = _request(client, method, url)
                if status >= 500:
                    wrong.append((role, side, method, status, "server error"))
                elif town_kinds and side not in TOWN_READS[role]:
                    # 405 (a method the URL never takes) says nothing about the object.
                    if status not in (404, 405):
                        wrong.append((role, side, method, status, "out of scope must be 404"))
                elif method == "POST" and role in READ_ONLY and pattern.name not in OWN_ACCOUNT:
                    if status not in (403, 404, 405):
                        wrong.append((role, side, method, status, "a viewer's POST must be refused"))
                elif method == "GET" and town_kinds and not town_kinds & CREATOR_ONLY and status == 404:
                    wrong.append((role, side, method, status, "in scope must not be 404"))
    assert wrong == [], f"{pattern.name} ({pattern.route}): {wrong}"
