"""Filter, action, create and edit forms of the registry's pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import ages, services
from .forms import DateInput, Form, ServiceValidatedForm
from .models import (
    BackboneRole,
    Committee,
    FiveOldCategory,
    Layer,
    Person,
    PointsRule,
    Post,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from .models.registry import EARLIEST_BIRTH_YEAR
from .selectors import PEOPLE_SORTS, sort_choices

# The committee filter of every list: a name or a code (selectors.in_committees_named), offered
# from a picker: the list's template renders the <datalist> of the committees in scope
# (templates/committees/registry/_filters.html).
COMMITTEE_FILTER_LABEL = _("Committee (name or code, with those below it)")
COMMITTEE_PICKER_ID = "committee-choices"


def committee_picker() -> forms.TextInput:
    """The committee filter's input: its picker's options are asked for when it is first focused
    (committees.views.registry.picker), not written into every list page."""
    attrs = {
        "list": COMMITTEE_PICKER_ID,
        "autocomplete": "off",
        "hx-get": reverse_lazy("registry:committee_choices"),
        "hx-trigger": "focus once",
        "hx-target": f"#{COMMITTEE_PICKER_ID}",
        "hx-swap": "innerHTML",
    }
    return forms.TextInput(attrs=attrs)


AGE_BAND_CHOICES = [("", _("Any age")), *((band.key, band.label) for band in ages.BANDS)]
AGE_BAND_LABEL = _("Age")
# Ages are at today's date unless the reader picks another day (committees.ages).
AGES_ON_LABEL = _("Ages on (default: today)")
STATE_CHOICES = [("", _("Active and exited")), ("active", _("active")), ("exited", _("exited"))]


def _blank(choices, label):
    return [("", label), *choices]


class PeopleFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    committee = forms.CharField(label=COMMITTEE_FILTER_LABEL, required=False, max_length=50, widget=committee_picker())
    category = forms.ChoiceField(
        label=_("Five-old category"), required=False, choices=_blank(FiveOldCategory.choices, _("Any category"))
    )
    layer = forms.ChoiceField(label=_("Layer"), required=False, choices=_blank(Layer.choices, _("Any layer")))
    age_band = forms.ChoiceField(label=AGE_BAND_LABEL, required=False, choices=AGE_BAND_CHOICES)
    on = forms.DateField(label=AGES_ON_LABEL, required=False, widget=DateInput())
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    # Set by the column headers' links (templatetags.listing), kept hidden by the form.
    sort = forms.ChoiceField(required=False, choices=sort_choices(PEOPLE_SORTS), widget=forms.HiddenInput)


class PostEndForm(Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class VolunteerExitForm(Form):
    exited_on = forms.DateField(label=_("Exited on"), widget=DateInput())
    exit_reason = forms.CharField(label=_("Exit reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exited_on"].initial = timezone.localdate()


# Create and edit forms. Each one's model validation runs once, in its service: the forms
# check the fields' own rules and the choices the reader may pick from.

PERSON_FIELDS = list(services.PERSON_FIELDS)
POST_FIELDS = list(services.POST_FIELDS)


def _birth_year_field(required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=Person._meta.get_field("birth_year").verbose_name,
        required=required,
        min_value=EARLIEST_BIRTH_YEAR,
        max_value=timezone.localdate().year,
    )


class PersonForm(ServiceValidatedForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"] = _birth_year_field(required=True)
        self.order_fields(PERSON_FIELDS)


class PersonLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.birth_year}）{obj.code and f' · {obj.code}'}"


class _JoinForm(Form):
    """A registered person, or a new one filled in below: a person is registered with their first
    post or membership, never alone."""

    person = PersonLabelChoiceField(
        label=_("Registered person"),
        required=False,
        queryset=Person.objects.none(),
        help_text=_("People already registered in this town. Leave it empty to register a new person below."),
    )
    row_fields: list[str] = []
    row_title = ""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        new = forms.fields_for_model(Person, fields=PERSON_FIELDS)
        new["birth_year"] = _birth_year_field(required=False)
        for name, field in new.items():
            field.required = False
            self.fields[name] = field
        self.order_fields(["person", *PERSON_FIELDS, *self.row_fields])

    def groups(self) -> list[tuple[str, list]]:
        return [
            (_("The person"), [self["person"]]),
            (_("Or a new person"), [self[f] for f in PERSON_FIELDS]),
            (self.row_title, [self[f] for f in self.row_fields]),
        ]

    def clean(self):
        data = super().clean()
        if data.get("person"):
            if data.get("name"):
                raise ValidationError(_("Choose a registered person or fill in a new one, not both."))
        elif not data.get("name"):
            if "person" not in self.errors:
                raise ValidationError(_("Choose a registered person or fill in a new one."))
        elif data.get("birth_year") is None and "birth_year" not in self.errors:
            self.add_error("birth_year", _("A new person needs a birth year."))
        return data

    def service_kwargs(self) -> dict:
        """The service's arguments: the person (or the new person's fields) and the row's fields."""
        data = self.cleaned_data
        person = data["person"]
        return {
            "person": person,
            "new_person": None if person else {f: data[f] for f in PERSON_FIELDS},
            **{f: data[f] for f in self.row_fields},
        }


class PostCreateForm(_JoinForm):
    row_fields = POST_FIELDS
    row_title = _("The post")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        post_fields = forms.fields_for_model(Post, fields=POST_FIELDS, widgets={"started_on": DateInput()})
        self.fields.update(post_fields)
        self.order_fields(["person", *PERSON_FIELDS, *POST_FIELDS])


class PostForm(ServiceValidatedForm):
    class Meta:
        model = Post
        fields = POST_FIELDS
        widgets = {"started_on": DateInput()}


def volunteer_label(volunteer: Volunteer) -> str:
    return f"{volunteer.person.name}（{volunteer.person.birth_year}）· {volunteer.committee.name}"


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: VolunteerTeam) -> str:
        return f"{obj.name} · {obj.committee.name}"


def _keep_hidden(chosen, current, choices) -> list:
    """The chosen rows plus the current ones the form did not offer (out of the editor's reach).
    Only the current rows are looked up among the choices, which may be thousands."""
    offered = set(choices.filter(pk__in=[row.pk for row in current]).values_list("pk", flat=True))
    return [*chosen, *(row for row in current if row.pk not in offered)]


class _VolunteerFieldsMixin:
    def _add_volunteer_fields(self, teams) -> None:
        self.fields["backbone_roles"] = forms.ModelMultipleChoiceField(
            label=Volunteer._meta.get_field("backbone_roles").verbose_name,
            required=False,
            queryset=BackboneRole.objects.all(),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["teams"] = TeamChoiceField(
            label=_("Teams"),
            required=False,
            queryset=teams,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Teams of this committee and of the committees above it that you may edit."),
        )


VOLUNTEER_ROW_FIELDS = ["layer", "backbone_roles", "joined_on", "teams"]


class VolunteerCreateForm(_VolunteerFieldsMixin, _JoinForm):
    row_fields = VOLUNTEER_ROW_FIELDS
    row_title = _("The membership")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Volunteer, fields=["layer", "joined_on"],
                                                  widgets={"joined_on": DateInput()}))  # fmt: skip
        self._add_volunteer_fields(teams)
        self.fields["is_five_old"].initial = True
        self.order_fields(["person", *PERSON_FIELDS, *VOLUNTEER_ROW_FIELDS])


class VolunteerForm(_VolunteerFieldsMixin, ServiceValidatedForm):
    class Meta:
        model = Volunteer
        fields = ["layer", "joined_on"]
        widgets = {"joined_on": DateInput()}

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_volunteer_fields(teams)
        self.current_teams = list(self.instance.teams.all())
        self.fields["backbone_roles"].initial = list(self.instance.backbone_roles.all())
        self.fields["teams"].initial = self.current_teams

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        teams = _keep_hidden(data["teams"], self.current_teams, self.fields["teams"].queryset)
        return {
            "data": {"layer": data["layer"], "joined_on": data["joined_on"]},
            "backbone_roles": list(data["backbone_roles"]),
            "teams": teams,
        }


class PointsEntryForm(Form):
    rule = forms.ModelChoiceField(
        label=_("Rule"),
        required=False,
        queryset=PointsRule.objects.all(),
        help_text=_("Optional: a rule fills in its points and its name as the reason."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)
    points = forms.DecimalField(label=_("Points"), required=False, max_digits=8, decimal_places=2)
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("rule"):
            if not (data.get("reason") or "").strip() and "reason" not in self.errors:
                self.add_error("reason", _("Give a reason, or choose a rule."))
            if data.get("points") is None and "points" not in self.errors:
                self.add_error("points", _("Give the points, or choose a rule that gives them."))
        return data


class CommitteeLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Committee) -> str:
        return f"{obj.name}（{obj.code}）"


class MemberPicker(forms.SelectMultiple):
    """Chosen volunteers as chips (each a hidden input, removed by its × button) and a search box
    that asks `search_url` (htmx) for more: no list of every choice in the page, which at district
    level was thousands of checkboxes. The field still checks each submitted id against its
    (scoped) queryset."""

    template_name = "committees/registry/_member_picker.html"

    class Media:
        js = ["js/member-picker.js"]

    def __init__(self, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_url = search_url

    def optgroups(self, name, value, attrs=None):
        return []  # never render the choices: the search endpoint offers them

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = [int(v) for v in context["widget"]["value"] if str(v).isdigit()]
        chosen = self.choices.queryset.filter(pk__in=ids).select_related("person", "committee") if ids else []
        context["widget"]["chips"] = [(v.pk, volunteer_label(v)) for v in chosen]
        context["widget"]["search_url"] = self.search_url
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's (Django's own widget templates only).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class VolunteerChoiceField(forms.ModelMultipleChoiceField):
    widget = MemberPicker

    def label_from_instance(self, obj: Volunteer) -> str:
        return volunteer_label(obj)


class TeamForm(ServiceValidatedForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "team_type", "committee", "founded_year", "service_content"]
        field_classes = {"committee": CommitteeLabelChoiceField}

    def __init__(self, *args, owners, members, member_search_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = owners
        self.fields["members"] = VolunteerChoiceField(
            label=_("Members"),
            required=False,
            queryset=members,
            widget=MemberPicker(search_url=member_search_url),
            help_text=_("Active volunteers of the owning committee and of the committees under it."),
        )
        self.current_members = list(self.instance.members.all()) if self.instance.pk else []
        self.fields["members"].initial = self.current_members

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        members = _keep_hidden(data.pop("members"), self.current_members, self.fields["members"].queryset)
        return {"data": data, "members": members}


class StationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TutoringStation) -> str:
        return f"{obj.name} · {obj.committee.name}"


class StationForm(ServiceValidatedForm):
    class Meta:
        model = TutoringStation
        fields = ["name", "committee", "kind", "hub", "linked_school", "opened_year", "activities_per_year"]
        field_classes = {
            "committee": CommitteeLabelChoiceField,
            "hub": StationChoiceField,
            "linked_school": CommitteeLabelChoiceField,
        }
        help_texts = {"hub": _("Only for a satellite point: a central station of the same village.")}

    def __init__(self, *args, villages, hubs, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = villages
        self.fields["hub"].queryset = hubs
        self.fields["linked_school"].queryset = schools
