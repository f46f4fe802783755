"""One paginator for every list of the portal (templates/pagination.html shows its links)."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from . import kept
from .counting import compiled, kept_rows

PAGE_SIZES = (20, 50, 100)  # the page sizes a list offers (templates/pagination.html)


class KeyedPaginator(Paginator):
    """Pages of a queryset read as a deferred join: the rows' keys are sorted and sliced, and only
    the page's rows are read whole, in the same query (WHERE pk IN (the page's keys)), with their
    related rows and annotations. Page 40 of a list no longer sorts the wide rows before it nor
    works out their annotations (a volunteer's points total: a subquery per row).

    A page past `seek_past` rows of a list counted at most `seek_at_most` rows seeks by the list's
    first sort key: the rows are counted by that key's values (one grouped query, in the list's
    order), and only the rows of the values the page spans are sorted (the first key leads the
    order, so their order is the list's). A list of 3,800 volunteers sorted by committee, layer and
    name sorted them all to show the 40th page; it now sorts the 50 to 100 rows of its committees."""

    seek_past = 1_000
    seek_at_most = 10_000  # counting by the first key reads every row: a long list sorts its keys

    def _get_page(self, object_list, number, paginator):
        if isinstance(object_list, QuerySet) and object_list._fields is None and not object_list.query.combinator:
            keys = self._sought_keys(object_list.query.low_mark, object_list.query.high_mark)
            if keys is None:
                keys = object_list.values("pk")
            object_list = self.object_list.filter(pk__in=_kept_keys(keys))  # ordered as the list
        return super()._get_page(object_list, number, paginator)

    def _sought_keys(self, low: int, high: int | None) -> QuerySet | None:
        """The page's keys found through the counts by the first sort key, or None where a page
        is read as a plain slice (near the top, a long list, a first key that isn't a field)."""
        order = self.object_list.query.order_by
        if low < self.seek_past or high is None or self.count > self.seek_at_most or not order:
            return None
        if self.object_list.query.group_by is not None or self.object_list.query.distinct:
            return None  # rows grouped or made distinct: counted by a key, they'd be counted as joined
        first = order[0]
        if not isinstance(first, str) or first.lstrip("-") in ("pk", "?"):
            return None
        field = first.lstrip("-")
        groups = self.object_list.order_by().values_list(field).annotate(n=Count("pk")).order_by(first)
        before, seen, values = 0, 0, []
        for value, rows in kept_rows(groups):
            if seen + rows <= low:
                seen += rows
                before = seen
                continue
            if value is None:
                return None  # IN never finds a NULL
            values.append(value)
            seen += rows
            if seen >= high:
                break
        return self.object_list.filter(**{f"{field}__in": values}).values("pk")[low - before : high - before]


def _kept_keys(keys: QuerySet) -> QuerySet | list:
    """A page's keys as a list, kept until the list's tables change (committees.kept): the page is
    then read by its keys alone, its list's filters and order applied to those rows only. Where
    nothing would be kept, the keys' query, which the page's query reads as a subquery."""
    found = compiled(keys)
    if found is not None and not kept.keeps(found[0], keys.db):
        return keys
    return [key for (key,) in kept_rows(keys)]


def paginate(
    request: HttpRequest,
    qs,
    per_page: int | None = None,
    count: int | None = None,
    pages_at_most: int | None = None,
    *,
    keyed: bool = False,
) -> tuple[Page, str]:
    """One page of a queryset, and the query string (without page=) for the page links.

    The reader may choose another page size of PAGE_SIZES (`per_page`); the page carries the
    numbered links templates/pagination.html shows (`page_links`: first, last and a window round
    the current page, None for each gap) and the sizes offered (`page_sizes`). `count`, when the
    caller knows it more cheaply than qs.count() (a grouped query counted whole), spares that count.
    `pages_at_most` lists no page past it (`pages_capped`): a page far down a list of hundreds of
    thousands of rows is read through all the rows before it. `keyed` reads a page of a queryset
    through its keys (KeyedPaginator), for a list whose rows are wide or annotated."""
    size = per_page or settings.PAGE_SIZE
    chosen = request.GET.get("per_page", "")
    if chosen.isdigit() and int(chosen) in PAGE_SIZES:
        size = int(chosen)
    paginator = (KeyedPaginator if keyed else Paginator)(qs, size)
    if count is not None:
        paginator.count = count  # a cached_property: the value given is the one kept
    if pages_at_most is not None and paginator.num_pages > pages_at_most:
        paginator.num_pages = pages_at_most  # a cached_property, as count
        capped = True
    else:
        capped = False
    page = paginator.get_page(request.GET.get("page"))
    page.pages_capped = capped
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
