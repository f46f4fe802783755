"""No English word and no internal code reaches a user's screen or file.

Every GET URL the project serves (enumerated by tests/scoping/test_every_url.py from Django's
resolver, with each URL argument's kind) is requested over the demo district as each demo role,
and each answer is read as a user sees it:
- an HTML page: its visible text (no <script>/<style>, nor what is marked translate="no": a
  generated password) and the attributes a user reads (title, placeholder, aria-label, alt, a
  button's value, a confirmation's text);
- a download: its file name, and a workbook's every cell and sheet name, a Word document's
  paragraphs and tables, an HTML file's text (a JSON file's keys and rule ids are a contract
  and stay English).
The compiled report of the demo's 2023 and 2024 rounds is among the downloads, as are the survey
Excel templates and the registry exports.

A finding is a Latin word (two letters or more) outside the allow-list below: brand names,
committee codes, user names and e-mail addresses, file extensions. A finding is fixed where the
word comes from (a translation, a label), not by growing the allow-list.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

import docx
import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from committees.models import Committee, Job, Meeting, RoleAssignment, TutoringStation, Volunteer, VolunteerTeam
from committees.models.registry import Person, Post
from committees.reference import tables
from committees.tasks import run_job
from evaluations.draw_services import draw_make
from evaluations.models import (
    AwardPeriod,
    AwardScheme,
    Campaign,
    FhfgStandard,
    ItemResult,
    Nomination,
    Rectification,
    ReviewKind,
    ReviewResult,
    SpotCheckDraw,
)
from evaluations.services import record_review
from funding.models import AidProgramme, AidSession, FundEntry, SubsidyPayment
from surveys import emails
from surveys.models import Step, Submission, SubmissionTransition, SurveyRound
from surveys.report.models import ProblemRule, ReportRun
from surveys.report.runs import report_run_start
from surveys.report.tasks import compile_report
from tests.demo_snapshot import load_demo_once
from tests.evaluations.helpers import regression
from tests.scoping.test_every_url import PATTERNS, Pattern, kind_of
from tests.xlsx import book_bytes

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Brand and format names a Chinese user reads as they are, units of a file's size, Excel's own
# words for true and false (the templates accept them), a key's name on the keyboard, "IP 地址",
# and the language menu's English.
ALLOWED_WORDS = {"Excel", "Word", "JSON", "PDF", "WPS", "KB", "MB", "TRUE", "FALSE", "Tab", "IP", "English"}
# What is allowed by its shape: committee codes (XS, XS01, XS01V02), e-mail addresses, the
# extension of a file name.
ALLOWED_SHAPES = [
    re.compile(r"(?<![A-Za-z])XS[0-9A-Z]*(?![a-z])"),
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    re.compile(r"\.(xlsx|docx|html|json|csv|pdf)\b"),
    re.compile(r"https?://\S+"),  # an email's links
]
# A Latin word, or Django's empty choice "---------" (a list's filter says 全部, a form's select 请选择).
LATIN_WORD = re.compile(r"[A-Za-z]{2,}|-{5,}")
# Which demo town each role reads: the district roles read 东港镇 like its secretary. Someone
# not signed in meets the login page (and the portal's own error pages).
ROLE_TOWNS = {"admin": "XS01", "staff": "XS01", "dongang": "XS01", "ehu": "XS03", "viewer": "XS01", "anonymous": "XS01"}
# Attributes whose text a user reads.
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm")
BUTTON_TYPES = {"submit", "button", "reset"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A search that finds nothing.
NOTHING = "无此名称"
# Patterns that end the session (the requests after it would be anonymous).
SKIPPED = {"logout"}
# Content with no words to read (an icon, a font); JSON is a contract (its keys stay English).
WORDLESS = ("image/", "font/", "application/json")


@dataclass(frozen=True)
class Finding:
    role: str
    where: str
    word: str
    snippet: str

    def __str__(self) -> str:
        return f"{self.role:8} {self.where}: {self.word!r} in «{self.snippet}»"


def latin_words(text: str, allowed: set[str]) -> Iterator[tuple[str, str]]:
    """(word, snippet) for each Latin word of the text a Chinese user should not meet."""
    for shape in ALLOWED_SHAPES:
        text = shape.sub(" ", text)
    for match in LATIN_WORD.finditer(text):
        word = match.group()
        if word in ALLOWED_WORDS or word in allowed:
            continue
        start, end = max(match.start() - 30, 0), match.end() + 30
        yield word, " ".join(text[start:end].split())


def html_texts(content: bytes, charset: str = "utf-8") -> list[str]:
    """The text of a page as a user reads it: the visible text and the attributes shown."""
    if not content.strip():
        return []
    root = lxml.html.fromstring(content.decode(charset))
    for element in list(root.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    # What HTML itself marks as not to be translated: a generated password.
    for element in list(root.xpath('//*[@translate="no"]')):
        element.drop_tree()
    texts = [" ".join(root.text_content().split())]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        texts.extend(element.get(name) for name in VISIBLE_ATTRIBUTES if element.get(name))
        kind = (element.get("type") or "").lower()
        if element.tag == "input" and kind in BUTTON_TYPES and element.get("value"):
            texts.append(element.get("value"))
    return texts


def workbook_texts(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue  # the template's own keys (which round, which town), for the importer
        texts.append(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                if cell.comment is not None:
                    texts.append(cell.comment.text)
        for validation in sheet.data_validations.dataValidation:
            texts.extend(t for t in (validation.prompt, validation.error, validation.formula1) if t)
    return texts


def document_texts(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        texts.extend(p.text for p in section.header.paragraphs)
        texts.extend(p.text for p in section.footer.paragraphs)
    return texts


def file_name(response) -> str:
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition) or re.search(r'filename="([^"]+)"', disposition)
    return unquote(match.group(1)) if match else ""


def response_texts(response) -> list[str]:
    """What the user reads of an answer, by its content type; a JSON file is a contract."""
    content_type = response.get("Content-Type", "").split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    texts = [file_name(response)]
    if content_type == XLSX:
        texts += workbook_texts(content)
    elif content_type == DOCX:
        texts += document_texts(content)
    elif content_type == "text/html":
        texts += html_texts(content, response.charset or "utf-8")
    elif content_type in ("text/plain", "text/csv"):
        texts.append(content.decode(response.charset or "utf-8"))
    elif not content_type.startswith(WORDLESS):
        # A new kind of download: teach response_texts to read it rather than letting it pass.
        raise AssertionError(f"{response.request['PATH_INFO']}: no reader for the content type {content_type!r}")
    return texts


# ---------------------------------------------------------------------------------------------
# The demo's objects, for each URL argument's kind.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district with a compiled report of each round (and a running and a failed one),
    district summary jobs (done and failed) and an import job per town, loaded once for the
    module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media):
            load_demo_once()
            users = {u.username: u for u in get_user_model().objects.all()}
            for code in ROLE_TOWNS.values():  # a 五有五好 rectification in each town read
                village = Committee.objects.get(code=code).children.order_by("code").first()
                if not Rectification.objects.filter(committee=village).exists():
                    regression(users["admin"], village, datetime.date(2023, 6, 1))
            district = Committee.objects.get(code="XS")
            for survey_round in SurveyRound.objects.order_by("year"):
                for scope in (district, Committee.objects.get(code="XS01")):
                    run = report_run_start(
                        actor=users["admin"],
                        survey_round=survey_round,
                        scope=scope,
                        formats="xlsx,docx,html,json",
                        queue=False,
                    )
                    compile_report(run.pk)
            # A run caught at a stage, and a run that failed on an error of the program.
            for status, stage, error in (
                (ReportRun.Status.RUNNING, "xlsx", ""),
                (ReportRun.Status.FAILED, "indicators", "RuntimeError: the compiler stopped"),
            ):
                ReportRun.objects.create(
                    survey_round=survey_round, scope=district, status=status, stage=stage, error=error, progress=60
                )
            summary = Job.objects.create(kind="district_summary", committee=district, created_by=users["admin"])
            run_job(summary.pk)
            Job.objects.create(
                kind="district_summary",
                committee=district,
                created_by=users["admin"],
                status=Job.Status.FAILED,
                error="RuntimeError: the worker stopped",
            )
            for code, username in (("XS01", "dongang"), ("XS03", "ehu")):
                Job.objects.create(
                    kind="import_plan",
                    committee=Committee.objects.get(code=code),
                    created_by=users[username],
                    params={"table": "volunteers"},
                    status=Job.Status.FAILED,
                    error="RuntimeError: the worker stopped",
                )
            for code, username in (("XS01", "dongang"), ("XS03", "ehu")):
                spot_check_drawn(users[username], Committee.objects.get(code=code))
            yield
        transaction.set_rollback(True)


def spot_check_drawn(user, town: Committee) -> None:
    """A spot-check draw of the town, its first pick reviewed (regressed) through the draw."""
    draw = draw_make(actor=user, committee=town, year=2024, method="share", amount=10, exclude_years=None, seed=7)
    standard = draw.standard
    results = {item.pk: ItemResult.MET for item in standard.items.all()}
    results[min(results)] = ItemResult.NOT_MET
    village = Committee.objects.get(pk=draw.picks[0])
    record_review(
        actor=user,
        committee=village,
        kind=ReviewKind.SPOT_CHECK,
        day=datetime.date(2024, 6, 1),
        standard=standard,
        results=results,
        result=ReviewResult.REGRESSED,
        reviewer_names="张三",
        draw=draw,
    )


def objects_of(kind: str, town: Committee) -> list:
    """The values a URL argument of this kind takes for a reader of this town."""
    in_town = {"committee__path__startswith": town.path}
    match kind:
        case "committee":
            return [town.children.order_by("code").first()]
        case "town":
            return [town]
        case "year":
            return list(SurveyRound.objects.order_by("year").values_list("year", flat=True))
        case "user":
            return list(get_user_model().objects.order_by("username"))
        case "assignment":
            return [RoleAssignment.objects.order_by("pk").first()]
        case "reference_table":
            return [table.slug for table in tables()]
        case "reference_row":
            return [table.model.objects.order_by("pk").first() for table in tables()[:1]]
        case "rule":
            return list(ProblemRule.objects.order_by("pk"))
        case "fhfg_standard":
            return list(FhfgStandard.objects.order_by("pk"))
        case "person":
            return [Person.objects.filter(posts__committee__path__startswith=town.path).order_by("pk").first()]
        case "post":
            return [Post.objects.filter(**in_town).order_by("pk").first()]
        case "volunteer":
            return [Volunteer.objects.filter(**in_town).order_by("pk").first()]
        case "team":
            return [VolunteerTeam.objects.filter(**in_town).order_by("pk").first()]
        case "station":
            return [TutoringStation.objects.filter(**in_town).order_by("pk").first()]
        case "job":
            return list(Job.objects.filter(kind="district_summary"))
        case "import_job":
            return list(Job.objects.filter(kind="import_plan", committee=town))
        case "submission":
            return list(Submission.objects.filter(town=town).order_by("survey_round__year", "form"))
        case "report_run":
            return list(ReportRun.objects.order_by("pk"))
        case "fund_entry":
            return [FundEntry.objects.filter(**in_town, reverses__isnull=True).order_by("pk").first()]
        case "subsidy_payment":
            return [SubsidyPayment.objects.filter(**in_town).order_by("pk").first()]
        case "aid_programme":
            return [AidProgramme.objects.filter(**in_town).order_by("pk").first()]
        case "aid_session":
            return [AidSession.objects.filter(programme__committee__path__startswith=town.path).order_by("pk").first()]
        case "meeting":
            return [Meeting.objects.filter(convenor__path__startswith=town.path).order_by("pk").first()]
        case "rectification":
            return [Rectification.objects.filter(**in_town).order_by("pk").first()]
        case "draw":
            return list(SpotCheckDraw.objects.filter(committee=town))
        case "award_period":
            return list(AwardPeriod.objects.order_by("pk"))
        case "award_scheme":
            return list(AwardScheme.objects.order_by("pk"))
        case "nomination":
            return [Nomination.objects.filter(**in_town, state="awarded").order_by("pk").first()]
        case "report_file":
            return [f for run in ReportRun.objects.order_by("pk") for f in run.files.all()]
        case "campaign":
            return list(Campaign.objects.order_by("pk"))
    raise AssertionError(f"no demo object for the kind {kind}")


def urls_for(pattern: Pattern, town: Committee) -> list[str]:
    choices = []
    for arg in pattern.args:
        values = [v for v in objects_of(kind_of(pattern, arg), town) if v is not None]
        assert values, f"the demo has no {kind_of(pattern, arg)} for {pattern.name}"
        choices.append([(arg, getattr(v, "pk", v)) for v in values])
    return [reverse(pattern.name, kwargs=dict(combo)) for combo in itertools.product(*choices)]


def client_as(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    return client


def findings_in(role: str, client: Client, method: str, url: str, data: dict | None = None) -> list[Finding]:
    """The request's findings; what it writes is rolled back, so every request meets the demo."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    if response.status_code in (301, 302, 405):
        return []  # a redirect's target is a page of its own
    allowed = set(get_user_model().objects.values_list("username", flat=True))
    where = f"{method} {url} ({response.status_code})"
    return [
        Finding(role, where, word, snippet)
        for text in response_texts(response)
        for word, snippet in latin_words(text or "", allowed)
    ]


def findings_for(role: str, method: str) -> list[Finding]:
    """Every URL as the role: each page and download (GET), or each form sent empty (POST), whose
    answer is the form again with its errors, or a refusal."""
    town = Committee.objects.get(code=ROLE_TOWNS[role])
    client = client_as(role)
    found = []
    urls = [url for pattern in PATTERNS if pattern.name not in SKIPPED for url in urls_for(pattern, town)]
    # Each pattern at least once, a report file, a rule, a form of each round… several times.
    assert len(urls) > len(PATTERNS) + 100, len(urls)
    if method == "GET":
        # A list searched for what it doesn't hold (its empty state), and a page that doesn't exist.
        urls += [f"{reverse(p.name)}?q={NOTHING}" for p in PATTERNS if not p.args and p.name not in SKIPPED]
        urls.append("/no-such-page/")
    for url in urls:
        found += findings_in(role, client, method, url)
    return found


def report(found: list[Finding], what: str) -> str:
    unique = {(f.role, f.where, f.word): f for f in found}
    lines = "\n".join(str(f) for f in unique.values())
    return f"{len(unique)} English words or program codes {what} (fix the label or translation, do not allow-list):\n{lines}"


# The other roles' crawl is in tests/test_language_roles.py: a file of its own, which a second
# test process runs beside this one (the crawl of a district role takes a minute or two).
FIRST_CRAWLED = ["admin"]


@pytest.mark.parametrize("role", FIRST_CRAWLED)
def test_no_english_on_any_page_or_file(demo, db, role):
    found = findings_for(role, "GET")
    assert not found, report(found, f"on the pages and files {role} reads")


@pytest.mark.parametrize("role", ["admin", "dongang", "viewer"])
def test_no_english_in_a_forms_errors_or_a_refusal(demo, db, role):
    found = findings_for(role, "POST")
    assert not found, report(found, f"in the answers to {role}'s empty forms")


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("users:create", {"username": "zhang", "full_name": "张三", "password": "abc"}),
        ("password_change", {"old_password": "wrong", "new_password1": "abc", "new_password2": "abd"}),
    ],
)
def test_a_weak_password_is_refused_in_chinese(demo, db, url_name, data):
    client = client_as("admin")
    with transaction.atomic():
        body = client.post(reverse(url_name), data).content.decode()
        transaction.set_rollback(True)
    found = findings_in("admin", client, "POST", reverse(url_name), data)
    assert not found, report(found, "in the password's errors")
    if url_name == "users:create":
        assert "密码太短，至少需要 8 个字符。" in body


def test_no_english_in_the_emails(demo, db, mailoutbox):
    """The workflow's emails to a town's secretaries: a return, the approvals, the reminder."""
    returned = SubmissionTransition.objects.filter(action=Step.RETURN).select_related("submission").first()
    approved = list(SubmissionTransition.objects.filter(action=Step.APPROVE).select_related("submission")[:3])
    messages = [emails._returned(returned, ["a@example.org"]), emails._approved(approved, ["a@example.org"])]
    open_forms = Submission.objects.filter(survey_round__year=2024, town__code="XS01").order_by("form")
    emails.reminder_send(list(open_forms), ["a@example.org"])
    assert len(mailoutbox) == 1 and returned is not None and approved
    found = [
        Finding("email", message.subject, word, snippet)
        for message in [*messages, *mailoutbox]
        for text in (message.subject, message.body)
        for word, snippet in latin_words(text, set())
    ]
    assert not found, report(found, "in the emails")


def spoiled(content: bytes) -> bytes:
    """A downloaded workbook with its last row of each visible sheet spoiled: every cell but the
    first (the committee's code) reads "错", so that each column's error is shown."""
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.max_row < 3:
            continue
        for cell in list(sheet[sheet.max_row])[1:]:
            if not isinstance(cell, MergedCell):
                cell.value = "错"
    return book_bytes(book)


def test_no_english_in_an_upload_preview(demo, db, settings, tmp_path):
    """A town secretary downloads each registry table and the survey workbook, spoils a row and
    uploads it: the preview's changes and errors are in words."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_as("dongang")
    town = Committee.objects.get(code="XS01")
    uploads = [
        (reverse(f"imports:{table}_export", kwargs={"pk": town.pk}), reverse(f"imports:{table}_upload"))
        for table in ("volunteers", "people", "teams", "stations")
    ]
    survey = {"year": 2024, "town_pk": town.pk}
    uploads.append((reverse("surveys:template_download", kwargs=survey), reverse("surveys:upload", kwargs=survey)))
    found = []
    for download, upload in uploads:
        content = spoiled(client.get(download).content)
        data = {"file": SimpleUploadedFile("上传.xlsx", content)}
        found += findings_in("dongang", client, "POST", upload, data)
    assert not found, report(found, "in the upload previews")
