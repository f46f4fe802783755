"""The browser tests assert what a page shows through Playwright's expect(), which waits for the
page to show it, never through a one-moment reading such as locator.is_visible() or
locator.count() == n: a check read right after a click may read the page before the click's
navigation has drawn it (a 390 px run of the standard's page read 不能再修改 as absent while the
next page was still loading)."""

from __future__ import annotations

import re
from pathlib import Path

ONE_MOMENT = re.compile(r"\bassert\b.*(\.(is_visible|is_hidden)\(\)|\.(locator|get_by_\w+)\(.*\)\.count\(\) ==)")


def test_no_browser_test_asserts_a_one_moment_reading():
    here = Path(__file__).parent
    found = [
        f"{path.name}:{number}"
        for path in sorted(here.glob("test_*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ONE_MOMENT.search(line)
    ]
    assert found == []
