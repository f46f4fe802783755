"""Forms of the user administration pages (district admins only)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .forms import Form
from .models import ROLE_COMMITTEE_KINDS, Committee, Role

User = get_user_model()


class UserSearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Active and deactivated")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])


class CommitteeSelect(forms.Select):
    """A committee select whose options carry their kind, so the page can hide the wrong ones."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kind"] = instance.kind
        return option


class RoleSelect(forms.Select):
    """A role select whose options carry the committee kinds the role may be held on."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in ROLE_COMMITTEE_KINDS:
            option["attrs"]["data-kinds"] = " ".join(ROLE_COMMITTEE_KINDS[value])
        return option


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Committee) -> str:
        return f"{'　' * obj.depth}{obj.name} ({obj.get_kind_display()})"


def _role_fields(committees, *, required: bool) -> tuple[forms.ChoiceField, CommitteeChoiceField]:
    role = forms.ChoiceField(
        label=_("Role"), required=required, choices=[("", "—"), *Role.choices], widget=RoleSelect()
    )
    committee = CommitteeChoiceField(
        label=_("Committee"),
        required=required,
        queryset=committees.open().order_by("path"),
        widget=CommitteeSelect(),
        empty_label="—",
        help_text=_("District admins and staff are held on the district; town secretaries on a town or subdistrict."),
    )
    return role, committee


class UserCreateForm(Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to generate one; it is shown once after saving."),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"], self.fields["committee"] = _role_fields(committees, required=False)
        self.fields["role"].label = _("First role (optional)")

    def clean(self):
        data = super().clean()
        if bool(data.get("role")) != bool(data.get("committee")) and not self.has_error("committee"):
            self.add_error("committee", _("Choose both a role and a committee, or neither."))
        if data.get("password"):
            candidate = User(username=data.get("username", ""), first_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class UserEditForm(Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)


class RoleAssignForm(Form):
    handover = forms.BooleanField(
        label=_("Hand over"),
        required=False,
        help_text=_("End the current holders of this role on that committee; their assignments stay in the history."),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        role, committee = _role_fields(committees, required=True)
        # Role and committee first, the handover checkbox last.
        self.fields = {"role": role, "committee": committee, **self.fields}
