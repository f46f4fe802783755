"""Links to many objects of one kind on a page: one reverse() for the lot.

Django's reverse() takes some tens of microseconds; a list of hundreds of rows (the committee
tree's ~600 leaves) spent most of its time there. `id_link(name)` reverses the URL once, with a
marker for the id, and puts each id in by string."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_script_prefix, reverse

MARKER = "918273645546372819"  # 18 digits: what the id converter accepts, and in no route


@lru_cache(maxsize=256)
def _parts(name: str, key: str, fixed: tuple, prefix: str) -> tuple[str, str]:
    head, tail = reverse(name, kwargs={**dict(fixed), key: MARKER}).split(MARKER)
    return head, tail


def id_link(name: str, key: str = "pk", **fixed) -> Callable[[int], str]:
    """A function giving reverse(name, kwargs={key: pk, **fixed}) for each id `pk`: the URL's
    argument `key` an id, its other arguments (`fixed`) the same for every link."""
    head, tail = _parts(name, key, tuple(sorted(fixed.items())), get_script_prefix())
    return lambda pk: f"{head}{int(pk)}{tail}"
