"""Small helpers shared by the portal's list and form views."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest

T = TypeVar("T")


def paginate(request: HttpRequest, qs, per_page: int | None = None) -> tuple[Page, str]:
    """One page of a queryset, and the query string (without page=) for the page links."""
    paginator = Paginator(qs, per_page or settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return page, f"{base}&" if base else ""


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_form(
    request: HttpRequest, form: Form, save: Callable[[dict], T], success: str | Callable[[T], str]
) -> T | None:
    """On a valid POST, call the service with the cleaned data and say so.

    Returns the service's result, or None when there is nothing to save or the service
    refused (its ValidationError is then shown on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
