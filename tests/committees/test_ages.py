"""committees.ages: the age bands, defined once, and ages at a date."""

import datetime

from committees import ages
from committees.forms_registry import AGE_BAND_CHOICES
from surveys.report.data import AGE_BANDS as REPORT_AGE_BANDS
from surveys.spec import AGE_BAND_KEYS, form4

END_OF_2023 = datetime.date(2023, 12, 31)
IN_2026 = datetime.date(2026, 3, 1)


def test_an_age_is_the_years_reached_by_the_end_of_the_dates_year():
    assert ages.age_on(1960, END_OF_2023) == 63
    assert ages.age_on(1960, IN_2026) == 66
    assert ages.birth_year_of(66, IN_2026) == 1960


def test_the_bands_birth_years_move_with_the_date():
    band = ages.BY_KEY["60_69"]
    assert band.birth_years(END_OF_2023) == (1954, 1963)
    assert band.birth_years(IN_2026) == (1957, 1966)
    assert ages.BY_KEY["under_60"].birth_years(IN_2026) == (1967, None)
    assert ages.BY_KEY["over_80"].birth_years(IN_2026) == (None, 1945)


def test_every_age_falls_in_exactly_one_band():
    for birth_year in range(1920, 2008):
        age = ages.age_on(birth_year, IN_2026)
        holding = []
        for band in ages.BANDS:
            earliest, latest = band.birth_years(IN_2026)
            if (earliest is None or birth_year >= earliest) and (latest is None or birth_year <= latest):
                holding.append(band.key)
        assert len(holding) == 1, (age, holding)


def test_the_bands_words_come_from_their_bounds():
    assert [band.words for band in ages.BANDS] == ["60岁以下", "60至69岁", "70至80岁", "80岁以上"]


def test_the_registry_the_survey_form_and_the_report_name_the_same_bands():
    keys = [band.key for band in ages.BANDS]
    assert [key for key, _label in AGE_BAND_CHOICES[1:]] == keys
    assert list(AGE_BAND_KEYS) == [f"backbone_{key}" for key in keys]
    assert REPORT_AGE_BANDS == tuple((band.key, band.words) for band in ages.BANDS)
    headers = {f.key: f.header for f in form4(2023).main.fields}
    assert [headers[key] for key in AGE_BAND_KEYS] == ["骨干60岁以下", "骨干60至69岁", "骨干70至80岁", "骨干80岁以上"]
