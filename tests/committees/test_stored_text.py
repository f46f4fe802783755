"""Text that may not be stored (committees.validators) is refused on every path that takes
text: the models' fields (what services and imports clean), and every form of the portal."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from committees import services
from committees.forms import Form, StorableTextForm
from committees.imports import TABLES, import_plan
from committees.models import Committee, Person
from committees.validators import validate_single_line, validate_text
from tests.committees.test_import_helpers import snapshot, workbook

PROJECT_APPS = ("committees", "surveys", "funding", "evaluations")


def test_renaming_a_committee_with_a_line_break_is_refused(xs):
    with pytest.raises(ValidationError) as raised:
        services.committee_update_details(actor=xs.dg_secretary, committee=xs.dg, data={"name": "东港镇\r\n关工委"})
    assert "name" in raised.value.message_dict
    assert Committee.objects.get(pk=xs.dg.pk).name == "东港镇关工委"


def test_the_edit_page_refuses_a_line_break_in_a_name_in_chinese(xs, client_for):
    url = reverse("committees:edit", args=[xs.dg.pk])
    response = client_for(xs.dg_secretary).post(url, {"name": "东港镇\r\n关工委", "display_order": 0})
    assert response.status_code == 200
    assert "此处只能填写一行文字" in response.content.decode()
    assert Committee.objects.get(pk=xs.dg.pk).name == "东港镇关工委"
    assert Committee.history.filter(id=xs.dg.pk).count() == 1


def test_a_control_character_in_notes_is_refused_but_a_line_break_is_kept(xs):
    with pytest.raises(ValidationError):
        services.committee_update_details(actor=xs.dg_secretary, committee=xs.dg, data={"notes": "第一行\x1b"})
    services.committee_update_details(actor=xs.dg_secretary, committee=xs.dg, data={"notes": "第一行\r\n第二行"})
    assert Committee.objects.get(pk=xs.dg.pk).notes == "第一行\r\n第二行"


@pytest.mark.parametrize("name", ["张\x00三", "张\x1b三"])
def test_a_form_page_refuses_a_control_character_in_chinese_and_writes_nothing(xs, client_for, name):
    """The user's full name is not the portal's model: only the forms' shared check guards it."""
    user = get_user_model().objects.get(pk=xs.viewer.pk)
    response = client_for(xs.admin).post(reverse("users:edit", args=[user.pk]), {"full_name": name})
    assert response.status_code == 200
    page = response.content.decode()
    assert "控制字符" in page or "空字符" in page
    user.refresh_from_db()
    assert user.first_name == "区查看员"


def test_a_multi_line_field_of_a_form_keeps_its_line_breaks_and_refuses_control_characters():
    class Notes(Form):
        title = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea)

    assert Notes({"title": "标题", "notes": "一\r\n二"}).is_valid()
    refused = Notes({"title": "标\n题", "notes": "一\x07"})
    assert not refused.is_valid()
    assert set(refused.errors) == {"title", "notes"}


def _project_modules():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                yield importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_portal_checks_its_text():
    """Every Form and ModelForm defined in the apps (found by walking their modules, so a new
    one is covered without listing it here) inherits the shared check of committees.forms."""
    list(_project_modules())
    ours = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS and not cls.__module__.startswith("tests")
    }
    assert len(ours) > 20
    unchecked = sorted(f"{c.__module__}.{c.__qualname__}" for c in ours if not issubclass(c, StorableTextForm))
    assert unchecked == []


def _text_fields(app_label: str):
    """The text fields of the records people keep (those with a history); jobs and runs, which
    the code writes, are not typed by anyone."""
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__.startswith("Historical") or not hasattr(model, "history"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.editable and not field.choices:
                yield model, field


@pytest.mark.parametrize("app_label", ["committees", "surveys"])
def test_every_text_field_of_the_models_refuses_what_may_not_be_stored(app_label):
    """Found by walking the models: a new name or notes field without a validator fails here."""
    fields = list(_text_fields(app_label))
    assert fields
    missing = [
        f"{model.__name__}.{field.name}"
        for model, field in fields
        if not any(v in field.validators for v in (validate_text, validate_single_line))
    ]
    assert missing == []
    names = [f for m, f in fields if f.name in ("name", "code") or f.name.endswith("_title")]
    assert all(validate_single_line in f.validators for f in names)


def test_a_registry_row_cleaned_by_an_import_refuses_a_line_break_in_a_name(xs):
    person = Person(name="王\n五", birth_year=1960)
    with pytest.raises(ValidationError) as raised:
        person.clean_fields()
    assert set(raised.value.message_dict) == {"name"}


def test_a_registry_upload_with_a_line_break_in_a_team_name_is_refused_in_chinese(xs):
    data = workbook("teams", [["XS01", None, "东港\r\n宣讲团", "其他", 2012]])
    before = snapshot()
    plan = import_plan(TABLES["teams"], user=xs.dg_secretary, data=data)
    assert len(plan.errors) == 1 and not plan.new
    assert "团队名称" in str(plan.errors[0]) and "此处只能填写一行文字" in str(plan.errors[0])
    assert snapshot() == before
