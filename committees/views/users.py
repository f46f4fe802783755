"""User administration: the portal's own pages for district admins.

Every view asks scoping first (403 for everyone but those who may manage users), then
loads, validates, calls a service and responds.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import scoping, services, throttling
from ..forms import add_service_errors, save_form
from ..forms_users import RoleAssignForm, UserCreateForm, UserEditForm, UserSearchForm
from ..models import RoleAssignment
from ..pagination import paginate
from ..scoping import Action

User = get_user_model()


def _active_roles() -> Prefetch:
    roles = RoleAssignment.objects.active().select_related("committee").order_by("committee__path", "role")
    return Prefetch("role_assignments", queryset=roles, to_attr="active_roles")


def _assignable(request):
    return scoping.committees_for(request.user, Action.MANAGE_USERS)


def _render_detail(request, user, **forms):
    """The detail page, with bound forms when a POST to one of its actions failed."""
    roles = RoleAssignment.objects.filter(user=user).select_related("committee", "granted_by", "ended_by")
    context = {
        "account": user,
        "active_roles": roles.active().order_by("committee__path", "role"),
        "ended_roles": roles.filter(ended_at__isnull=False).order_by("-ended_at"),
        "assign_form": forms.get("assign_form") or RoleAssignForm(committees=_assignable(request)),
        "locked_until": throttling.locked_until(user.get_username()),
    }
    return render(request, "committees/users/detail.html", context)


@login_required
def user_list(request):
    """List users, searched and filtered in SQL, with their active roles."""
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    form = UserSearchForm(request.GET)
    form.is_valid()
    q, state, role = (form.cleaned_data.get(k, "") for k in ("q", "state", "role"))
    users = User.objects.order_by("username").prefetch_related(_active_roles())
    if q:
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q))
    if state:
        users = users.filter(is_active=state == "active")
    if role:
        users = users.filter(Exists(RoleAssignment.objects.active().filter(user=OuterRef("pk"), role=role)))
    page, base = paginate(request, users)
    return render(request, "committees/users/list.html", {"form": form, "page_obj": page, "querystring_base": base})


@login_required
def user_create(request):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    form = UserCreateForm(request.POST or None, committees=_assignable(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = data["password"] or services.password_generate()
        try:
            with transaction.atomic():  # a refused first role creates no user either
                user = services.user_create(
                    actor=request.user,
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data["email"],
                    password=password,
                )
                if data["role"]:
                    services.role_assign(actor=request.user, user=user, committee=data["committee"], role=data["role"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Created the user %(name)s.") % {"name": user.username})
            if not data["password"]:
                return _password_page(request, user, password)
            return redirect("users:detail", pk=user.pk)
    return render(
        request,
        "committees/users/form.html",
        {"form": form, "title": _("New user"), "cancel_url": reverse("users:list")},
    )


def _password_page(request, user, password: str):
    """Show a new password once, on the page that answers the POST. Not through messages: their
    cookie is signed, not encrypted; and not in the session or any cache either."""
    response = render(request, "committees/users/password.html", {"account": user, "password": password})
    add_never_cache_headers(response)
    return response


@login_required
def user_detail(request, pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    return _render_detail(request, user)


@login_required
def user_edit(request, pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    initial = {"full_name": user.first_name, "email": user.email}
    form = UserEditForm(request.POST or None, initial=initial)
    if save_form(request, form, lambda data: services.user_update(actor=request.user, user=user, **data), _("Saved.")):
        return redirect("users:detail", pk=user.pk)
    title = _("Edit %(name)s") % {"name": user.username}
    return render(
        request,
        "committees/users/form.html",
        {"form": form, "title": title, "cancel_url": reverse("users:detail", args=[user.pk])},
    )


@login_required
def user_set_active(request, pk: int, active: bool):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=user, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("Reactivated %(name)s.") if active else _("Deactivated %(name)s; they can no longer log in.")
        messages.success(request, done % {"name": user.username})
    return redirect("users:detail", pk=user.pk)


@login_required
def user_reset_password(request, pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(User, pk=pk)
    password = services.user_reset_password(actor=request.user, user=user)
    return _password_page(request, user, password)


@login_required
@require_POST
def user_unlock(request, pk: int):
    """Let a user who is locked out after failed logins log in again at once."""
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    throttling.user_unlock(actor=request.user, user=user, request=request)
    messages.success(request, _("Unlocked %(name)s: they may log in again.") % {"name": user.username})
    return redirect("users:detail", pk=user.pk)


@login_required
def role_assign(request, pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(User, pk=pk)
    form = RoleAssignForm(request.POST, committees=_assignable(request))
    assigned = save_form(
        request,
        form,
        lambda data: services.role_assign(actor=request.user, user=user, **data),
        lambda assignment: _("%(name)s is now %(role)s of %(committee)s.") % _describe(assignment),
    )
    if assigned:
        return redirect("users:detail", pk=user.pk)
    return _render_detail(request, user, assign_form=form)


@login_required
def role_end(request, pk: int, assignment_pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "committee"), pk=assignment_pk, user_id=pk
    )
    try:
        services.role_end(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is no longer %(role)s of %(committee)s.") % _describe(assignment))
    return redirect("users:detail", pk=pk)


def _describe(assignment: RoleAssignment) -> dict:
    return {
        "name": assignment.user.get_full_name() or assignment.user.username,
        "role": assignment.role_label,
        "committee": assignment.committee.name,
    }
