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


PAGE_SIZES = (20, 50, 100)  # the page sizes a list offers (templates/pagination.html)


def paginate(request: HttpRequest, qs, per_page: int | None = None) -> tuple[Page, str]:
    """One page of a queryset, and the query string (without page=) for the page links.

    The reader may choose another page size of PAGE_SIZES (`per_page`); the page carries the
    numbered links templates/pagination.html shows (`page_links`: first, last and a window round
    the current page, None for each gap) and the sizes offered (`page_sizes`)."""
    size = per_page or settings.PAGE_SIZE
    chosen = request.GET.get("per_page", "")
    if chosen.isdigit() and int(chosen) in PAGE_SIZES:
        size = int(chosen)
    paginator = Paginator(qs, size)
    page = paginator.get_page(request.GET.get("page"))
    page.page_links = [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    page.page_sizes = PAGE_SIZES
    page.page_size = size
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    sizeless = request.GET.copy()
    sizeless.pop("page", None)
    sizeless.pop("per_page", None)
    page.hidden_params = [(k, v) for k, values in sizeless.lists() for v in values]
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
