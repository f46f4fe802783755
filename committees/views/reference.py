"""The settings pages: district-wide reference data that is local policy (committees.reference
lists the tables: backbone roles, points rules, funding standards…), kept by district admins;
each row's page shows its history."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import reference, scoping, selectors, services
from ..forms import ServiceValidatedForm, save_form
from ..reference import ReferenceTable
from ..scoping import Action


def _table(slug: str) -> ReferenceTable:
    table = reference.TABLES.get(slug)
    if table is None:
        raise Http404(_("No such table."))
    return table


def _form_class(table: ReferenceTable) -> type[ServiceValidatedForm]:
    return forms.modelform_factory(table.model, form=ServiceValidatedForm, fields=list(table.fields))


@login_required
def reference_list(request):
    """List the reference tables with their rows."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    tables = [
        {
            "slug": table.slug,
            "title": table.title,
            "headers": [table.model._meta.get_field(f).verbose_name for f in table.listed],
            "rows": [(row.pk, [_shown(row, f) for f in table.listed]) for row in table.model.objects.all()],
        }
        for table in reference.tables()
    ]
    links = [{"url": reverse(link.url_name), "title": link.title} for link in reference.links()]
    return render(request, "committees/reference/list.html", {"tables": tables, "links": links})


def _shown(row: Model, field: str):
    display = getattr(row, f"get_{field}_display", None)
    return display() if display else getattr(row, field)


@login_required
def reference_edit(request, table: str, pk: int | None = None):
    """Add a row to a reference table, or change one; its history below."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    spec = _table(table)
    obj = spec.model() if pk is None else spec.model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("No such row."))
    form = _form_class(spec)(request.POST or None, instance=obj)
    save = lambda data: services.reference_save(actor=request.user, obj=obj, data=data)  # noqa: E731
    back = f"{reverse('registry:reference_list')}#{table}"
    if save_form(request, form, save, _("Saved.")) is not None:
        return redirect(back)
    history = selectors.history_of(obj) if obj.pk else []
    title = f"{spec.title} · {obj}" if obj.pk else _("New row: %(table)s") % {"table": spec.title}
    context = {"form": form, "title": title, "history": history, "cancel_url": back, "is_new": obj.pk is None}
    return render(request, "committees/reference/edit.html", context)
