"""The language crawl (tests/test_language.py) for the roles that file leaves to this one."""

import pytest

from tests.test_language import FIRST_CRAWLED, ROLE_TOWNS, demo, findings_for, report  # noqa: F401 - demo: the fixture

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize("role", sorted(set(ROLE_TOWNS) - set(FIRST_CRAWLED)))
def test_no_english_on_any_page_or_file(db, role):
    found = findings_for(role, "GET")
    assert not found, report(found, f"on the pages and files {role} reads")
