"""Chinese by default, English when chosen, and no English left on the Chinese pages."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from surveys.report.models import ProblemRule
from tests.surveys.conftest import open_round

PO_FILE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _po_entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of the catalogue, multi-line strings joined."""
    entries, key, current = [], None, {}
    for line in PO_FILE.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[0\]) "(.*)"$', line)
        if match:
            key = match.group(1)
            if key == "msgid" and current:
                entries.append((current.get("msgid", ""), current.get("msgstr", current.get("msgstr[0]", ""))))
                current = {}
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    if current:
        entries.append((current.get("msgid", ""), current.get("msgstr", current.get("msgstr[0]", ""))))
    return [(i, s) for i, s in entries if i]


def test_every_message_has_a_chinese_translation():
    entries = _po_entries()
    assert len(entries) > 150
    untranslated = [msgid for msgid, msgstr in entries if not msgstr.strip()]
    assert untranslated == []


def test_the_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body and "Log in" not in body


def test_the_pages_switch_to_english(xs, client_for):
    client = client_for(xs.admin)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("committees:tree")})
    assert response.status_code == 302
    body = client.get(reverse("committees:tree")).content.decode()
    assert '<html lang="en">' in body
    assert "Committees" in body and "Towns and subdistricts" in body


def test_chinese_pages_show_no_english_interface_text(xs, client_for):
    client = client_for(xs.admin)
    survey_round = open_round(xs, 2023)
    submissions = survey_round.submissions.filter(town=xs.dg).values_list("pk", flat=True)
    english = sorted(
        {
            msgid
            for msgid, msgstr in _po_entries()
            if msgstr != msgid and re.fullmatch(r"[A-Za-z][A-Za-z ,.'-]{5,}", msgid)
        },
        key=len,
        reverse=True,
    )
    pages = [
        reverse("committees:tree"),
        reverse("committees:detail", kwargs={"pk": xs.dg.pk}),
        reverse("committees:edit", kwargs={"pk": xs.dg.pk}),
        reverse("committees:create", kwargs={"parent_pk": xs.dg.pk}),
        reverse("committees:move", kwargs={"pk": xs.dg_v1.pk}),
        reverse("committees:close", kwargs={"pk": xs.dg_v1.pk}),
        reverse("users:list"),
        reverse("users:detail", kwargs={"pk": xs.dg_secretary.pk}),
        reverse("users:create"),
        reverse("password_change"),
        reverse("registry:person_list"),
        reverse("registry:volunteer_list"),
        reverse("registry:team_list"),
        reverse("registry:station_list"),
        reverse("imports:volunteers_upload"),
        reverse("imports:people_upload"),
        reverse("registry:post_create", kwargs={"committee_pk": xs.dg.pk}),
        reverse("registry:volunteer_create", kwargs={"committee_pk": xs.dg.pk}),
        reverse("registry:team_create", kwargs={"committee_pk": xs.dg.pk}),
        reverse("registry:station_create", kwargs={"committee_pk": xs.dg_v1.pk}),
        reverse("surveys:round_list"),
        reverse("surveys:round_open"),
        reverse("surveys:completeness", kwargs={"year": 2023}),
        reverse("surveys:town_round", kwargs={"year": 2023, "town_pk": xs.dg.pk}),
        reverse("surveys:upload", kwargs={"year": 2023, "town_pk": xs.dg.pk}),
        reverse("surveys:report_runs", kwargs={"year": 2023}),
        reverse("surveys:rule_list"),
        reverse("registry:reference_list"),
        reverse("registry:reference_create", kwargs={"table": "points-rules"}),
        reverse("surveys:rule_edit", kwargs={"pk": ProblemRule.objects.get(code="backbone_aging").pk}),
    ]
    pages += [reverse("surveys:submission_detail", kwargs={"pk": pk}) for pk in submissions]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        text = re.sub(r"\s+", " ", text)
        leftovers = [msgid for msgid in english if re.search(rf"\b{re.escape(msgid)}\b", text)]
        assert leftovers == [], url
