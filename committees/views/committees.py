"""Pages of the committee tree. Every committee is loaded through scoping."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import scoping, selectors, services
from ..forms import (
    CommitteeCloseForm,
    CommitteeCreateForm,
    CommitteeDetailsForm,
    CommitteeMoveForm,
    CommitteeSearchForm,
    save_form,
)
from ..imports import TABLES
from ..models import PARENT_KINDS, Committee, Kind
from ..pagination import paginate
from ..panels import panels_for
from ..scoping import Action
from ..tree_html import tree_html


@require_safe
@login_required
def committee_tree(request):
    """Show the user's scope as a tree with counts, or search results across it."""
    readable = scoping.committees_for(request.user)
    form = CommitteeSearchForm(request.GET)
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    context = {"form": form}
    if filters:
        context["counts"] = selectors.level_counts(selectors.kind_counts(readable))
        results = selectors.committee_search(readable, **filters).order_by("path")
        context["page_obj"], context["querystring_base"] = paginate(request, results)
    else:
        # The whole scope as a collapsible tree: district → towns → their villages, schools and
        # enterprises by group (a town secretary's root is the town, shown open).
        tree = selectors.committee_tree(readable, scoping.scope_roots(request.user).order_by("path"))
        context["counts"] = selectors.level_counts(tree.by_kind)
        context["tree"], context["tree_html"] = tree.nodes, tree_html(tree.nodes)
        context["leaves_listed"] = all(node.leaves_listed for node in tree.nodes)
        context["towns_listed"] = all(node.towns_listed for node in tree.nodes)
    return render(request, "committees/tree.html", context)


@require_safe
@login_required
def committee_detail(request, pk: int):
    committee = scoping.get_committee(request.user, pk)
    readable = scoping.committees_for(request.user)
    children = selectors.with_descendant_counts(
        committee.children.all() if request.GET.get("closed") else committee.children.open()
    )
    kind = request.GET.get("kind", "")
    if kind:
        children = children.filter(kind=kind)
    page, base = paginate(request, children)
    by_kind = selectors.kind_counts(Committee.objects.subtree_of(committee, include_self=False))
    context = {
        "committee": committee,
        "ancestors": selectors.ancestors(committee, readable),
        "page_obj": page,
        "querystring_base": base,
        "counts": selectors.level_counts(by_kind),
        "child_kinds": [(k, label) for k, label in Kind.choices if committee.kind in PARENT_KINDS[k]],
        "role_holders": selectors.role_holders(committee)
        if scoping.can(request.user, Action.MANAGE_USERS, committee)
        else [],
        "history": committee.history.select_related("history_user")[:10],
        "leadership": selectors.current_leadership(committee),
        "excel_tables": [(slug, table.title) for slug, table in TABLES.items()],
        "panels": panels_for(request, committee),
        "may": {
            "edit": scoping.can(request.user, Action.EDIT_DETAILS, committee),
            "structure": scoping.can(request.user, Action.MANAGE_STRUCTURE, committee),
            "summary": scoping.can(request.user, Action.COMPILE, committee),
            "registry": scoping.can(request.user, Action.EDIT_REGISTRY, committee),
        },
    }
    return render(request, "committees/detail.html", context)


@login_required
def committee_create(request, parent_pk: int):
    parent = scoping.get_committee(request.user, parent_pk, Action.MANAGE_STRUCTURE)
    form = CommitteeCreateForm(request.POST or None, parent=parent)
    committee = save_form(
        request,
        form,
        lambda data: services.committee_create(actor=request.user, parent=parent, **data),
        lambda created: _("Created %(name)s.") % {"name": created.name},
    )
    if committee:
        return redirect("committees:detail", pk=committee.pk)
    return _form_page(request, form, parent, _("New committee under %(name)s") % {"name": parent.name})


@login_required
def committee_edit(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.EDIT_DETAILS)
    form = CommitteeDetailsForm(request.POST or None, instance=Committee.objects.get(pk=committee.pk))
    update = partial(services.committee_update_details, actor=request.user, committee=committee)
    if save_form(request, form, lambda data: update(data=data), _("Saved.")):
        return redirect("committees:detail", pk=committee.pk)
    return _form_page(request, form, committee, _("Edit %(name)s") % {"name": committee.name})


@login_required
def committee_move(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.MANAGE_STRUCTURE)
    parents = selectors.valid_parents(committee, scoping.committees_for(request.user, Action.MANAGE_STRUCTURE))
    form = CommitteeMoveForm(request.POST or None, parents=parents)
    move = partial(services.committee_move, actor=request.user, committee=committee)
    if save_form(
        request, form, lambda data: move(new_parent=data["parent"]), _("Moved %(name)s.") % {"name": committee.name}
    ):
        return redirect("committees:detail", pk=committee.pk)
    return _form_page(request, form, committee, _("Move %(name)s") % {"name": committee.name})


@login_required
def committee_close(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.MANAGE_STRUCTURE)
    form = CommitteeCloseForm(request.POST or None)
    close = partial(services.committee_close, actor=request.user, committee=committee)
    done = _("Closed %(name)s; its history is kept.") % {"name": committee.name}
    if save_form(request, form, lambda data: close(**data), done):
        return redirect("committees:detail", pk=committee.pk)
    return _form_page(request, form, committee, _("Close %(name)s") % {"name": committee.name})


@login_required
@require_POST
def committee_reopen(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.MANAGE_STRUCTURE)
    try:
        services.committee_reopen(actor=request.user, committee=committee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reopened %(name)s.") % {"name": committee.name})
    return redirect("committees:detail", pk=committee.pk)


@login_required
def committee_delete(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.MANAGE_STRUCTURE)
    if request.method == "POST":
        parent_pk = committee.parent_id
        try:
            services.committee_delete(actor=request.user, committee=committee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("committees:detail", pk=committee.pk)
        messages.success(request, _("Deleted %(name)s.") % {"name": committee.name})
        return redirect("committees:detail", pk=parent_pk) if parent_pk else redirect("committees:tree")
    return render(request, "committees/delete.html", {"committee": committee})


def _form_page(request, form, committee: Committee, title: str):
    cancel_url = reverse("committees:detail", kwargs={"pk": committee.pk})
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})
