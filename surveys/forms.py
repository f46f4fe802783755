"""Forms of the survey pages."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _

from committees.forms import Form

from .spec import FormSpec
from .validation import storage_issues

CELL_NAME = re.compile(r"^(?P<section>[A-Za-z]+)-(?P<index>\d{1,4})-(?P<key>_id|[a-z][a-z0-9_]*)$")
ISSUES_SHOWN = 10


class GridForm(Form):
    """The entry grid as posted: inputs named "<section>-<index>-<key>" (surveys.grid), read back
    into the rows services.submission_save takes: {section: [{key: value, …}, …]}.

    Each section of the grid posts its name in "sections", so that a list whose every row was
    removed is saved empty. A row of a list section whose index is named by `remove_row` ("B-3") is left out, which
    removes it; `add_row` ("B") asks for a blank row at the end of that list after saving
    (the buttons that do it in the page when JavaScript is off).

    What no draft may hold (a control character in a cell, more than spec.MAX_ROWS rows in a
    table: validation.storage_issues) refuses the whole post, as it refuses an upload.
    """

    add_row = forms.CharField(required=False, max_length=8)
    remove_row = forms.CharField(required=False, max_length=16)
    # The submission's version the page was made from: a save after someone else's is refused.
    version = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, form_spec: FormSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_spec = form_spec

    def clean_add_row(self) -> str:
        section = self.cleaned_data["add_row"]
        if section and not self._is_list(section):
            raise forms.ValidationError(_("This table has no rows to add."))
        return section

    def _is_list(self, section: str) -> bool:
        return self.form_spec.has_section(section) and self.form_spec.section(section).free_rows

    def clean(self) -> dict:
        cleaned = super().clean()
        cells: dict[str, dict[int, dict[str, str]]] = {}
        for name in self.data:
            match = CELL_NAME.match(name)
            if match is None or not self.form_spec.has_section(match["section"]):
                continue
            section, index, key = match["section"], int(match["index"]), match["key"]
            cells.setdefault(section, {}).setdefault(index, {})[key] = self.data.get(name)
        posted = self.data.getlist("sections") if hasattr(self.data, "getlist") else self.data.get("sections", [])
        for section in posted:
            if self.form_spec.has_section(section):
                cells.setdefault(section, {})
        removed = cleaned.get("remove_row") or ""
        rows: dict[str, list[dict[str, str]]] = {}
        refused = []
        for section, by_index in cells.items():
            kept = [by_index[i] for i in sorted(by_index) if f"{section}-{i}" != removed]
            refused += storage_issues(self.form_spec.section(section), kept)
            rows[section] = kept
        if refused:
            raise forms.ValidationError([str(issue) for issue in refused[:ISSUES_SHOWN]])
        cleaned["rows"] = rows
        return cleaned
