"""A synthetic district's HTML file, written piece by piece, is byte for byte what the template
loop wrote (test_html_stream.py keeps the templates of then; the demo's module holds a district
already, where a synthetic one can't be made)."""

from surveys.report import html
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from surveys.synthetic import synthetic_district_create
from tests.surveys.report.test_html_stream import assert_same


def test_a_synthetic_districts_file_is_as_the_templates_wrote_it(db):
    made = synthetic_district_create(towns=2, villages=3, previous=True)
    report = report_data_build(survey_round=round_for_year(2023), scope=made.district)
    assert_same(report)
    assert html.build(report).count(b'<tr class="subtotal">') >= 2
