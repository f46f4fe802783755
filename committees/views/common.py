"""Small helpers shared by the portal's list and form views."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest


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
