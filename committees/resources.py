"""django-import-export resources: the django-admin's Excel/CSV in and out.

Two paths, on purpose:

- **django-admin (these resources)** — for the people who run the site. Reference data
  (backbone roles, points rules) can be exported, edited and imported back, keyed by name /
  code; the registry tables can be exported whole. The admin sees every committee, so no
  scope applies, and the library's dry-run preview and row-by-row saves (history through
  the request's user) are what an occasional fix-up of a small list needs. ID numbers stay
  out of every file; phones are masked unless the user may change the person.
- **The upload pages (committees.imports, reading with the pure committees.excel)** — for
  town secretaries and district staff, on the four registry tables. They need what the
  library does not give: the header found anywhere in the first 5 rows in any order, every
  error named by sheet, row, column and value in Chinese, the uploader's write scope checked
  on every row, people matched by code or by committee + name + birth year, hub stations
  resolved across rows, bulk writes with history (thousands of rows in seconds) and big files
  in a background job. The same column layouts (committees.excel_specs) serve their export,
  template and import.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.resources import ModelResource
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from .models import BackboneRole, Committee, Person, PointsRule, Post, TutoringStation, Volunteer, VolunteerTeam
from .selectors import PersonalData
from .xlsx_write import put


class XLSX(base_formats.XLSX):
    """The django-admin's .xlsx export, each cell written by committees.xlsx_write (text stays text
    whatever it begins with) rather than by tablib, which made a name "=HYPERLINK(…)" a formula."""

    def export_data(self, dataset, **kwargs) -> bytes:
        book = Workbook()
        ws = book.active
        bold = Font(bold=True)
        for column, header in enumerate(dataset.headers or (), start=1):
            put(ws, 1, column, header).font = bold
        try:
            for number, row in enumerate(dataset, start=2):
                for column, value in enumerate(row, start=1):
                    put(ws, number, column, value)
        except IllegalCharacterError:
            raise ValueError(_("The export failed: a cell holds a control character."))
        ws.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# The admin gives native values (dates, numbers) to the formats in this list, matched by exact type.
base_formats.BINARY_FORMATS.append(XLSX)

# The django-admin exports: .xlsx written as above, or JSON. No CSV, TSV or HTML: a spreadsheet
# opening them evaluates a cell that begins with "=", and they cannot say "this is text".
EXPORT_FORMATS = [XLSX, base_formats.JSON]


def _committee_field(attribute: str = "committee", column: str = "committee") -> Field:
    return Field(attribute=attribute, column_name=column, widget=ForeignKeyWidget(Committee, "code"))


# Reference data: exported, edited and imported back from the django-admin ------------------


class BackboneRoleResource(ModelResource):
    class Meta:
        model = BackboneRole
        fields = ("name", "display_order")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True


class PointsRuleResource(ModelResource):
    class Meta:
        model = PointsRule
        fields = ("code", "name", "points", "basis", "grade")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True


# Registry tables: exported from the django-admin (imports go through the upload pages) ----


class PersonResource(ModelResource):
    """Phones in full only for the people `user` may change (selectors.PersonalData), masked otherwise."""

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        self.shown = PersonalData.for_reader(self.user, queryset.values_list("pk", flat=True))
        return super().export(queryset, **kwargs)

    def dehydrate_phone(self, person: Person) -> str:
        return self.shown.phone(person)

    class Meta:
        model = Person
        # Not id_number: ID numbers are never written to a file.
        fields = (
            "code",
            "name",
            "gender",
            "birth_year",
            "phone",
            "former_post",
            "is_five_old",
            "five_old_category",
            "notes",
        )
        export_order = fields


class PostResource(ModelResource):
    committee = _committee_field()
    person = Field(attribute="person", column_name="person", widget=ForeignKeyWidget(Person, "code"))

    class Meta:
        model = Post
        fields = ("committee", "person", "position", "concurrent", "source", "started_on", "ended_on")
        export_order = fields


class VolunteerResource(ModelResource):
    committee = _committee_field()
    person = Field(attribute="person", column_name="person", widget=ForeignKeyWidget(Person, "code"))
    backbone_roles = Field(
        attribute="backbone_roles",
        column_name="backbone_roles",
        widget=ManyToManyWidget(BackboneRole, field="name", separator="、"),
    )

    class Meta:
        model = Volunteer
        fields = ("committee", "person", "layer", "backbone_roles", "joined_on", "exited_on", "exit_reason")
        export_order = fields


class VolunteerTeamResource(ModelResource):
    committee = _committee_field()

    class Meta:
        model = VolunteerTeam
        fields = ("committee", "name", "team_type", "founded_year", "service_content")
        export_order = fields


class TutoringStationResource(ModelResource):
    committee = _committee_field()
    hub = Field(attribute="hub", column_name="hub", widget=ForeignKeyWidget(TutoringStation, "name"))
    linked_school = _committee_field("linked_school", "linked_school")

    class Meta:
        model = TutoringStation
        fields = ("committee", "name", "kind", "hub", "linked_school", "opened_year", "activities_per_year")
        export_order = fields
