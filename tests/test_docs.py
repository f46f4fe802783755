"""The repository explains itself: its code, templates and documents state behaviour, not the
issue that asked for it, and every link of a document points at a file of the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "var", "node_modules", ".git", "seed"}  # docs/seed keeps the source documents as written
WHERE_IT_WAS_ASKED = re.compile(r"\b[Ii]ssue \d|\bDone[- ]when\b|\b[Dd]one when \d|\b[Dd]efects? \d|\.\./shared")
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def repository_files(*suffixes: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*")
        if path.suffix in suffixes and path.is_file() and not SKIPPED & set(path.relative_to(ROOT).parts)
    ]


def test_nothing_cites_an_issue_or_a_document_outside_the_repository():
    files = repository_files(".py", ".html", ".md", ".js", ".css", ".toml") + [ROOT / "Makefile"]
    assert len(files) > 100
    found = [
        (str(path.relative_to(ROOT)), number, line.strip())
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WHERE_IT_WAS_ASKED.search(line) and path != Path(__file__)
    ]
    assert found == []


def test_every_link_of_a_document_points_at_a_file_of_the_repository():
    links = [
        (path, target)
        for path in repository_files(".md")
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8"))
        if "://" not in target
    ]
    assert len(links) >= 5  # the README's links to docs/, docs/README.md's table
    missing = [(str(path.relative_to(ROOT)), target) for path, target in links if not (path.parent / target).exists()]
    assert missing == []


def test_the_glossary_names_each_domain_word_in_code():
    style = (ROOT / "docs" / "STYLE.md").read_text(encoding="utf-8")
    glossary = style[style.index("## Glossary") : style.index("### 用语")]
    assert "| 中文 | In code | Meaning |" in glossary
    rows = {line.split("|")[1].strip(): line for line in glossary.splitlines() if line.startswith("| ")}
    for term in (
        "关工委",
        "镇 / 街道",
        "村 / 社区",
        "五老",
        "骨干层 / 参与层",
        "五大员",
        "常务副主任",
        "五有五好",
        "一站多点",
        "以奖代补",
        "调查轮次",
        "调研报告",
    ):
        assert term in rows, term
    assert any("回头看" in term for term in rows)
    assert "membership (`Volunteer`)" in rows["五老志愿者"]
