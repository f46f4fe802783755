"""Links to many objects of one kind on a page: one reverse() for the lot.

Django's reverse() takes some tens of microseconds; a list of hundreds of rows (the committee
tree's ~600 leaves) spent most of its time there. `id_link(name)` reverses the URL once, with a
marker for the id, and puts each id in by string."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.urls import get_script_prefix, reverse

MARKER = "918273645546372819"  # 18 digits: what the id converter accepts, and in no route


@lru_cache(maxsize=64)
def _parts(name: str, prefix: str) -> tuple[str, str]:
    head, tail = reverse(name, kwargs={"pk": MARKER}).split(MARKER)
    return head, tail


def id_link(name: str) -> Callable[[int], str]:
    """A function giving reverse(name, kwargs={"pk": pk}) for a URL whose one argument is `pk`."""
    head, tail = _parts(name, get_script_prefix())
    return lambda pk: f"{head}{int(pk)}{tail}"
