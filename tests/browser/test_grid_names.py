"""A name in the entry grid stays on one line: text cells may wrap anywhere (a long team name is
read whole), so without a floor a reviewer's cell, which also holds the ✎ in its padding, cut
张建国 after 张建."""

from __future__ import annotations

import pytest
from django.urls import reverse

from surveys import services
from tests.browser.conftest import log_in
from tests.surveys.conftest import fill, open_round, submission

pytestmark = pytest.mark.browser

PASSWORD = "Grid-names-2024"

# The lines the text of each 主任姓名 cell takes (the ✎ button left out).
LINES = """() => [...document.querySelectorAll('table.grid tbody td[id$="director_name"]')].map(td => {
  const range = document.createRange();
  range.selectNodeContents(td.querySelector('.value') || td);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
})"""


@pytest.mark.parametrize("width", [1366, 390])
def test_a_reviewer_reads_each_name_on_one_line(xs, live_server, page, width):
    form1 = submission(open_round(xs, 2024), xs.dg, 1)
    fill(xs.dg_secretary, form1)
    services.submission_submit(actor=xs.dg_secretary, submission=form1)
    xs.staff.set_password(PASSWORD)
    xs.staff.save()
    log_in(page, live_server, "staff", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form1.pk]))

    lines = page.evaluate(LINES)

    assert lines and all(n == 1 for n in lines), lines
